using Marketplace.Contracts;
using Marketplace.Matching.Domain;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>Which other proposals an approval would make infeasible, and the coverage arithmetic, in minor units.</summary>
public sealed class ApprovalPreviewTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static Match Proposal(string id, string needId, string pledgeId, long pledgeMinor, long needMinor, string status = MatchStatus.Proposed) =>
        new(id, needId, pledgeId, "GT", "EU", "health", "grant", new Money(pledgeMinor, "EUR"), new Money(needMinor, "USD"), 1.1m, 1,
            [], status, At, null, null, null, "round_1", needMinor, 1);

    private static readonly NeedView Need = new("need_1", "GT", "health", "Shelter", ["grant"], "high", 100_000, 20_000, "USD", "partially-funded", null, null, 3);

    private static readonly PledgeView Pledge = new("pledge_1", "EU", "Grant", "grant", [], [], 60_000, 10_000, "EUR", null, null, null, null, "partially-allocated", 2);

    [Fact]
    public void Of_ComputesCoverageAfterAndSupersedesOnlyProposalsThatNoLongerFit()
    {
        var approving = Proposal("match_a", "need_1", "pledge_1", 40_000, 44_000);
        var others = new[]
        {
            approving,
            Proposal("match_b", "need_1", "pledge_2", 30_000, 36_000),       // the need keeps 36 000 after: still fits exactly
            Proposal("match_c", "need_1", "pledge_3", 33_000, 36_001),       // one cent more than the need keeps
            Proposal("match_d", "need_2", "pledge_1", 10_000, 11_000),       // the pledge keeps 10 000: still fits
            Proposal("match_e", "need_3", "pledge_1", 10_001, 11_001),       // one cent more than the pledge keeps
            Proposal("match_f", "need_1", "pledge_4", 90_000, 99_000, MatchStatus.Rejected),
        };

        var preview = ApprovalPreview.Of(approving, Need, Pledge, others);

        Assert.Equal((new Money(20_000, "USD"), new Money(64_000, "USD"), new Money(36_000, "USD")),
            (preview.NeedFundedBefore, preview.NeedFundedAfter, preview.NeedRemainingAfter));
        Assert.Equal((new Money(10_000, "EUR"), new Money(50_000, "EUR"), new Money(10_000, "EUR")),
            (preview.PledgeAllocatedBefore, preview.PledgeAllocatedAfter, preview.PledgeRemainingAfter));
        Assert.Equal(["match_c", "match_e"], preview.Supersedes);
    }
}
