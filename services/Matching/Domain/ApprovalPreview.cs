using Marketplace.Contracts;

namespace Marketplace.Matching.Domain;

/// <summary>
/// What approving a proposal would do (<c>GET /api/v1/matches/{id}/preview</c>): the need's funded and remaining
/// amounts and the pledge's allocated and remaining amounts before and after, in their own currencies, and the
/// other proposals of the same need or pledge that would no longer fit what is left (the next round supersedes them).
/// </summary>
public sealed record ApprovalPreview(
    Money NeedFundedBefore, Money NeedFundedAfter, Money NeedRemainingAfter,
    Money PledgeAllocatedBefore, Money PledgeAllocatedAfter, Money PledgeRemainingAfter,
    IReadOnlyList<string> Supersedes)
{
    /// <param name="proposal">The proposal to approve.</param>
    /// <param name="need">The need's view as the matching service holds it now.</param>
    /// <param name="pledge">The pledge's view likewise.</param>
    /// <param name="others">The other proposed matches of the same need or pledge.</param>
    public static ApprovalPreview Of(Match proposal, NeedView need, PledgeView pledge, IEnumerable<Match> others)
    {
        var fundedBefore = new Money(need.FundedMinor, need.Currency);
        var fundedAfter = fundedBefore + proposal.NeedAmount;
        var needRemaining = new Money(Math.Max(0, need.AmountMinor - fundedAfter.Minor), need.Currency);
        var allocatedBefore = new Money(pledge.AllocatedMinor, pledge.Currency);
        var allocatedAfter = allocatedBefore + proposal.Amount;
        var pledgeRemaining = new Money(Math.Max(0, pledge.AmountMinor - allocatedAfter.Minor), pledge.Currency);
        var supersedes = others
            .Where(o => o.Id != proposal.Id && o.Status == MatchStatus.Proposed)
            .Where(o => (o.NeedId == need.Id && o.NeedAmount.Minor > needRemaining.Minor)
                || (o.PledgeId == pledge.Id && o.Amount.Minor > pledgeRemaining.Minor))
            .Select(o => o.Id).Distinct().Order(StringComparer.Ordinal).ToList();
        return new(fundedBefore, fundedAfter, needRemaining, allocatedBefore, allocatedAfter, pledgeRemaining, supersedes);
    }
}
