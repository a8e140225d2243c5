using Marketplace.Contracts;
using Marketplace.Flows.Domain;
using Marketplace.Flows.Consumers;
using Marketplace.Matching.Contracts;

namespace Marketplace.UnitTests;

/// <summary>The flow state machine (API.md "Money trail") at every boundary.</summary>
public sealed class FlowRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 2);

    /// <summary>1000.00 EUR approved, 1085.00 USD on the need side at 1.085.</summary>
    private static Flow Approved(long approvedMinor = 100_000, long needMinor = 108_500, decimal fx = 1.085m, string donor = "ES") =>
        new("flow_1", "match_1", "need_1", "pledge_1", "GT", donor, new Money(approvedMinor, "EUR"), new Money(needMinor, "USD"), fx,
            null, [], null, T0, T0, 1);

    private static Money Eur(long minor) => new(minor, "EUR");

    private static Flow Committed(long committedMinor = 100_000) =>
        FlowRules.Commit(Approved(), Day, "AGR-1", Eur(committedMinor), "donor-es", T0).Flow!;

    private static Flow Disburse(Flow flow, long minor, string id = "disb_1") =>
        FlowRules.Disburse(flow, id, Day, Eur(minor), "TX", "donor-es", T0).Flow!;

    [Theory]
    [InlineData(false, false, 0, 0, "approved")]
    [InlineData(false, true, 1000, 0, "committed")]
    [InlineData(false, true, 1000, 1, "partially-disbursed")]
    [InlineData(false, true, 1000, 999, "partially-disbursed")]
    [InlineData(false, true, 1000, 1000, "disbursed")]
    [InlineData(true, false, 0, 0, "cancelled")]
    [InlineData(true, true, 1000, 500, "cancelled")]
    public void Derive_CommitmentAndTotals_GiveStatus(bool cancelled, bool committed, long committedMinor, long disbursedMinor, string expected)
    {
        Assert.Equal(expected, FlowStatus.Derive(cancelled, committed, committedMinor, disbursedMinor));
    }

    [Fact]
    public void Commit_WithoutAmount_CommitsTheApprovedAmount()
    {
        var outcome = FlowRules.Commit(Approved(), Day, "AGR-1", null, "donor-es", T0.AddDays(1));

        Assert.Null(outcome.Conflict);
        Assert.Equal(FlowStatus.Committed, outcome.Flow!.Status);
        Assert.Equal(Eur(100_000), outcome.Flow.Committed);
        Assert.Equal(2, outcome.Flow.Version);
        Assert.Equal(T0.AddDays(1), outcome.Flow.UpdatedAt);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(99_999, true)]
    [InlineData(100_000, true)]
    [InlineData(100_001, false)]
    public void Commit_AmountAtTheApprovedBoundary_IsAcceptedUpToIt(long minor, bool accepted)
    {
        var outcome = FlowRules.Commit(Approved(), Day, "AGR-1", Eur(minor), "donor-es", T0);

        Assert.Equal(accepted, outcome.Conflict is null);
        if (accepted) Assert.Equal(minor, outcome.Flow!.Committed.Minor);
    }

    [Fact]
    public void Commit_ASecondTime_IsAConflict()
    {
        var outcome = FlowRules.Commit(Committed(), Day, "AGR-2", null, "donor-es", T0);

        Assert.Equal("The flow already has a commitment.", outcome.Conflict);
    }

    [Fact]
    public void Commit_ACancelledFlow_IsAConflict()
    {
        var cancelled = FlowRules.Cancel(Approved(), "no budget", "donor-es", "ES", T0).Flow!;

        Assert.NotNull(FlowRules.Commit(cancelled, Day, "AGR-1", null, "donor-es", T0).Conflict);
    }

    [Fact]
    public void Disburse_BeforeTheCommitment_IsAConflict()
    {
        Assert.Equal("Record the commitment before disbursing.", FlowRules.Disburse(Approved(), "d", Day, Eur(1), "TX", "x", T0).Conflict);
    }

    [Theory]
    [InlineData(60_000, 40_000, true, "disbursed")]
    [InlineData(60_000, 39_999, true, "partially-disbursed")]
    [InlineData(60_000, 40_001, false, "partially-disbursed")]
    public void Disburse_UpToTheCommitment_IsAcceptedAndNeverPastIt(long first, long second, bool accepted, string status)
    {
        var afterFirst = Disburse(Committed(), first);

        var outcome = FlowRules.Disburse(afterFirst, "disb_2", Day, Eur(second), "TX-2", "donor-es", T0);

        Assert.Equal(accepted, outcome.Conflict is null);
        Assert.Equal(status, (outcome.Flow ?? afterFirst).Status);
        Assert.True((outcome.Flow ?? afterFirst).Disbursed.Minor <= 100_000);
    }

    [Fact]
    public void Disburse_AgainstALowerCommitment_IsBoundedByTheCommitmentNotTheApproval()
    {
        var committed = Committed(50_000);

        Assert.NotNull(FlowRules.Disburse(committed, "d", Day, Eur(50_001), "TX", "x", T0).Conflict);
        Assert.Equal(FlowStatus.Disbursed, Disburse(committed, 50_000).Status);
    }

    [Fact]
    public void Receive_MarksTheDisbursementOnce_AndASecondReceiptChangesNothing()
    {
        var disbursed = Disburse(Committed(), 10_000);

        var first = FlowRules.Receive(disbursed, "disb_1", "state-gt", T0.AddDays(3))!;
        var second = FlowRules.Receive(first.Flow!, "disb_1", "state-gt", T0.AddDays(4))!;

        Assert.True(first.Changed);
        Assert.Equal(T0.AddDays(3), first.Flow!.Disbursements[0].ReceivedAt);
        Assert.False(second.Changed);
        Assert.Same(first.Flow, second.Flow);
        Assert.Null(FlowRules.Receive(disbursed, "disb_unknown", "state-gt", T0));
    }

    [Theory]
    [InlineData("approved")]
    [InlineData("committed")]
    [InlineData("partially-disbursed")]
    public void Cancel_BeforeEverythingIsDisbursed_ReleasesWhatIsNotDisbursed(string from)
    {
        var flow = from switch
        {
            "approved" => Approved(),
            "committed" => Committed(80_000),
            _ => Disburse(Committed(80_000), 30_000),
        };

        var cancelled = FlowRules.Cancel(flow, "project stopped", "donor-es", "ES", T0).Flow!;

        Assert.Equal(FlowStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.ReleasePending);
        Assert.Equal(Eur(100_000) - flow.Disbursed, cancelled.Cancellation!.Released);
        Assert.Equal(new Money(108_500, "USD") - flow.NeedSideOf(flow.Disbursed), cancelled.Cancellation.NeedReleased);
    }

    [Fact]
    public void Cancel_AfterAPartialDisbursement_ReleasesTheRemainderConvertedOnTotals()
    {
        var flow = Disburse(Disburse(Committed(), 33_333, "disb_1"), 33_333, "disb_2");

        var cancellation = FlowRules.Cancel(flow, "stop", "secretariat", "UNHCR-OAS", T0).Flow!.Cancellation!;

        // 666.66 EUR disbursed × 1.085 = 723.3261 → 723.33 USD kept on the need (converted once, on the total).
        Assert.Equal(Eur(33_334), cancellation.Released);
        Assert.Equal(new Money(108_500 - 72_333, "USD"), cancellation.NeedReleased);
    }

    [Theory]
    [InlineData("disbursed")]
    [InlineData("cancelled")]
    public void Cancel_ADisbursedOrCancelledFlow_IsAConflict(string from)
    {
        var flow = from == "disbursed" ? Disburse(Committed(), 100_000) : FlowRules.Cancel(Approved(), "x", "a", "ES", T0).Flow!;

        Assert.NotNull(FlowRules.Cancel(flow, "again", "donor-es", "ES", T0).Conflict);
    }

    [Fact]
    public void MarkReleased_IsRecordedOnce()
    {
        var cancelled = FlowRules.Cancel(Approved(), "x", "a", "ES", T0).Flow!;

        var released = FlowRules.MarkReleased(cancelled, T0.AddMinutes(1));
        var again = FlowRules.MarkReleased(released.Flow!, T0.AddMinutes(2));

        Assert.False(released.Flow!.ReleasePending);
        Assert.False(again.Changed);
        Assert.NotNull(FlowRules.MarkReleased(Approved(), T0).Conflict);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]           // 0.01 EUR × 1.085 = 0.01085 → 0.01
    [InlineData(50, 54)]         // 0.50 × 1.085 = 0.5425 → 0.54
    [InlineData(70, 76)]         // 0.70 × 1.085 = 0.7595 → 0.76
    [InlineData(99_999, 108_499)] // 999.99 × 1.085 = 1084.98915 → 1084.99
    [InlineData(100_000, 108_500)]
    public void NeedSideOf_ConvertsTotalsHalfEvenAndTheWholeApprovalExactly(long pledgeMinor, long needMinor)
    {
        Assert.Equal(new Money(needMinor, "USD"), Approved().NeedSideOf(Eur(pledgeMinor)));
    }

    [Fact]
    public void NeedSideOf_TheWholeApproval_IsTheApprovedNeedAmountEvenWhenTheRateRoundsOtherwise()
    {
        // The rounding rule of "Matching" may have snapped the need amount to the need's gap.
        var flow = Approved(approvedMinor: 100_000, needMinor: 108_501);

        Assert.Equal(new Money(108_501, "USD"), flow.NeedSideOf(Eur(100_000)));
        Assert.Equal(new Money(108_499, "USD"), flow.NeedSideOf(Eur(99_999)));
    }

    [Fact]
    public void FromApproval_UsesTheEventsRate_OrDerivesItFromAnOlderEvent()
    {
        var withRate = new MatchApproved("match_1", "need_1", "pledge_1", "GT", "ES", 1000m, "EUR", 1085m, "USD", "chair", "ES", T0, 1.0850000000m);
        var older = withRate with { FxRate = null };

        Assert.Equal(1.085m, MatchApprovedConsumer.FromApproval(withRate, "flow_1", T0).FxRate);
        Assert.Equal(1.085m, MatchApprovedConsumer.FromApproval(older, "flow_1", T0).FxRate);
        var flow = MatchApprovedConsumer.FromApproval(withRate, "flow_1", T0);
        Assert.Equal(FlowStatus.Approved, flow.Status);
        Assert.Equal(new Money(100_000, "EUR"), flow.Approved);
        Assert.Equal(new Money(108_500, "USD"), flow.NeedApproved);
    }

    [Theory]
    [InlineData("donor", "ES", "ES", true)]
    [InlineData("donor", "FR", "ES", false)]
    [InlineData("state", "ES", "ES", false)]
    [InlineData("fund-manager", "MIRPS-FUND", "MIRPS-FUND", true)]
    [InlineData("donor", "MIRPS-FUND", "MIRPS-FUND", false)]
    [InlineData("fund-manager", "MIRPS-FUND", "ES", false)]
    public void IsDonorOf_IsThePledgesDonorOrTheFundManagerForFundFlows(string role, string org, string donor, bool expected)
    {
        var caller = new Marketplace.ServiceKit.Security.Caller("sub", role, org);

        Assert.Equal(expected, caller.IsDonorOf(Approved(donor: donor)));
        Assert.Equal(expected || role == "secretariat", caller.MayCancel(Approved(donor: donor)));
    }

    [Theory]
    [InlineData("state", "GT", true)]
    [InlineData("state", "SV", false)]
    [InlineData("donor", "GT", false)]
    public void IsRecipientOf_IsTheNeedsMemberState(string role, string org, bool expected)
    {
        Assert.Equal(expected, new Marketplace.ServiceKit.Security.Caller("sub", role, org).IsRecipientOf(Approved()));
    }
}
