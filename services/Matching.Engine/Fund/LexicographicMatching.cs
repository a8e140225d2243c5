namespace Marketplace.Matching.Engine.Fund;

/// <summary>
/// A round as API.md "MIRPS Fund" orders it, lexicographically: first the bilateral optimum, solved by the
/// bilateral engine exactly as if the Fund did not exist (no Fund pledge, no Fund proposal ever reaches it);
/// then the Fund's pledges, solved by their own engine on what that optimum left of the referred needs only.
/// So adding Fund pledges never changes a bilateral proposal, and Fund money never goes to a need that is not
/// referred nor displaces bilateral money.
/// </summary>
public sealed class LexicographicMatching(IMatchingEngine bilateral, IMatchingEngine fund)
{
    private static readonly MatchingResult Nothing = new([], 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public LexicographicResult Solve(MatchingProblem problem, FundMarket market)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(market);
        var fundPledges = problem.Pledges.Where(p => market.FundPledgeIds.Contains(p.Id)).ToList();
        if (fundPledges.Count == 0 && !problem.PreviousProposals.Any(a => market.FundPledgeIds.Contains(a.PledgeId)))
        {
            return new LexicographicResult(bilateral.Solve(problem), Nothing);
        }

        var first = bilateral.Solve(problem with
        {
            Pledges = [.. problem.Pledges.Where(p => !market.FundPledgeIds.Contains(p.Id))],
            PreviousProposals = [.. problem.PreviousProposals.Where(a => !market.FundPledgeIds.Contains(a.PledgeId))],
        });
        var residual = Residual(problem, first, market, fundPledges);
        var second = residual.Needs.Count == 0 || residual.Pledges.Count == 0 ? Nothing : fund.Solve(residual);
        return new LexicographicResult(first, second);
    }

    /// <summary>The referred needs with what the bilateral stage left of them, and the Fund's pledges.</summary>
    private static MatchingProblem Residual(MatchingProblem problem, MatchingResult first, FundMarket market, List<PledgeInput> fundPledges)
    {
        var bilateralByNeed = first.Allocations.GroupBy(a => a.NeedId).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountUsdCents));
        var needs = problem.Needs
            .Where(n => market.ReferredNeedIds.Contains(n.Id))
            .Select(n => n with { RemainingUsdCents = n.RemainingUsdCents - bilateralByNeed.GetValueOrDefault(n.Id) })
            .Where(n => n.RemainingUsdCents > 0)
            .ToList();
        return new MatchingProblem(needs, fundPledges,
            [.. problem.PreviousProposals.Where(a => market.FundPledgeIds.Contains(a.PledgeId))])
        {
            ForbiddenPairs = problem.ForbiddenPairs,
            Rebuild = true,
        };
    }
}
