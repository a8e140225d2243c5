using Marketplace.Contracts;
using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Rounds;

namespace Marketplace.Matching.IntegrationTests.Rounds;

public sealed class ProposalActivityReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static Match Proposal(string needId, long needMinor, string donor = "EU") => new(
        $"match_{Guid.NewGuid():N}", needId, $"pledge_{donor}", "HN", donor, "health", "grant", new Money(needMinor, "USD"), new Money(needMinor, "USD"),
        1m, 1, [], MatchStatus.Proposed, Start, null, null, null, "round_1", needMinor, 1);

    [Fact]
    public void Next_ReportsANeedWhenItFirstHoldsAProposal_ThenOnlyOnAChangeOfCoverageOrAfterTheRefreshPeriod()
    {
        var report = new ProposalActivityReport();
        var remaining = new Dictionary<string, long> { ["need_a"] = 1000, ["need_b"] = 500 };
        Match[] round = [Proposal("need_a", 400), Proposal("need_b", 500)];

        var first = report.Next(round, remaining, Start);
        var same = report.Next(round, remaining, Start.AddMinutes(5));
        var covered = report.Next([.. round, Proposal("need_a", 600)], remaining, Start.AddMinutes(10));
        var refreshed = report.Next(round, remaining, Start + ProposalActivityReport.Refresh + TimeSpan.FromMinutes(11));

        Assert.Equal([new NeedProposalActivity("need_a", false), new NeedProposalActivity("need_b", true)], first.OrderBy(n => n.NeedId));
        Assert.Empty(same);
        Assert.Equal([new NeedProposalActivity("need_a", true)], covered);
        Assert.Equal(["need_a", "need_b"], refreshed.Select(n => n.NeedId).Order());
    }

    [Fact]
    public void Next_IgnoresFundProposals_AndReportsANeedAgainWhenItHoldsAProposalAfterAGap()
    {
        var report = new ProposalActivityReport();
        var remaining = new Dictionary<string, long> { ["need_a"] = 1000 };

        var fundOnly = report.Next([Proposal("need_a", 1000, donor: "MIRPS-FUND")], remaining, Start);
        var bilateral = report.Next([Proposal("need_a", 100)], remaining, Start.AddMinutes(1));
        var none = report.Next([], remaining, Start.AddMinutes(2));
        var again = report.Next([Proposal("need_a", 100)], remaining, Start.AddMinutes(3));

        Assert.Empty(fundOnly);
        Assert.Single(bilateral);
        Assert.Empty(none);
        Assert.Single(again);
    }

    [Fact]
    public void Reset_AfterARoundWhoseEventWasNotStored_ReportsEveryNeedAgain()
    {
        var report = new ProposalActivityReport();
        var remaining = new Dictionary<string, long> { ["need_a"] = 1000 };
        report.Next([Proposal("need_a", 100)], remaining, Start);

        report.Reset();

        Assert.Single(report.Next([Proposal("need_a", 100)], remaining, Start.AddMinutes(1)));
    }
}
