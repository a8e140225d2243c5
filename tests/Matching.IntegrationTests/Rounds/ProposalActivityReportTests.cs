using Marketplace.Matching.Contracts;
using Marketplace.Matching.Rounds;

namespace Marketplace.Matching.IntegrationTests.Rounds;

public sealed class ProposalActivityReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, bool?> Needs(params (string NeedId, bool? CoversGap)[] needs) =>
        needs.ToDictionary(n => n.NeedId, n => n.CoversGap);

    [Fact]
    public void Next_ReportsANeedWhenItFirstHoldsAProposal_ThenOnlyOnAChangeOfCoverageOrAfterTheRefreshPeriod()
    {
        var report = new ProposalActivityReport();

        var first = report.Next(Needs(("need_a", false), ("need_b", true)), complete: true, Start);
        var same = report.Next(Needs(("need_a", false), ("need_b", true)), complete: true, Start.AddMinutes(5));
        var covered = report.Next(Needs(("need_a", true), ("need_b", true)), complete: true, Start.AddMinutes(10));
        var refreshed = report.Next(Needs(("need_a", true), ("need_b", true)), complete: true, Start + ProposalActivityReport.Refresh + TimeSpan.FromMinutes(11));

        Assert.Equal([new NeedProposalActivity("need_a", false), new NeedProposalActivity("need_b", true)], first.OrderBy(n => n.NeedId));
        Assert.Empty(same);
        Assert.Equal([new NeedProposalActivity("need_a", true)], covered);
        Assert.Equal(["need_a", "need_b"], refreshed.Select(n => n.NeedId).Order());
    }

    [Fact]
    public void Next_OnAnIncrementalRound_LeavesUnlistedNeedsAlone_AndStillRefreshesThemWhenDue()
    {
        var report = new ProposalActivityReport();
        report.Next(Needs(("need_a", false)), complete: false, Start);
        report.Next(Needs(("need_b", true)), complete: false, Start.AddHours(1));

        var other = report.Next(Needs(("need_c", false)), complete: false, Start.AddHours(2));
        var dueA = report.Next(Needs(), complete: false, Start + ProposalActivityReport.Refresh);
        var dueB = report.Next(Needs(), complete: false, Start.AddHours(1) + ProposalActivityReport.Refresh);

        Assert.Equal([new NeedProposalActivity("need_c", false)], other);
        Assert.Equal([new NeedProposalActivity("need_a", false)], dueA);
        Assert.Equal([new NeedProposalActivity("need_b", true)], dueB);
    }

    [Fact]
    public void Next_ANeedThatHoldsNoProposal_IsForgotten_AndReportedAgainWhenItHoldsOneAfterAGap()
    {
        var report = new ProposalActivityReport();

        var bilateral = report.Next(Needs(("need_a", false)), complete: false, Start);
        var none = report.Next(Needs(("need_a", null)), complete: false, Start.AddMinutes(1));
        var again = report.Next(Needs(("need_a", false)), complete: false, Start.AddMinutes(2));
        var gone = report.Next(Needs(), complete: true, Start.AddMinutes(3));
        var refreshed = report.Next(Needs(), complete: false, Start + ProposalActivityReport.Refresh + TimeSpan.FromMinutes(3));

        Assert.Single(bilateral);
        Assert.Empty(none);
        Assert.Single(again);
        Assert.Empty(gone);
        Assert.Empty(refreshed);
    }

    [Fact]
    public void Reset_AfterARoundWhoseEventWasNotStored_ReportsEveryNeedAgain()
    {
        var report = new ProposalActivityReport();
        report.Next(Needs(("need_a", false)), complete: true, Start);

        report.Reset();

        Assert.Single(report.Next(Needs(("need_a", false)), complete: true, Start.AddMinutes(1)));
    }
}
