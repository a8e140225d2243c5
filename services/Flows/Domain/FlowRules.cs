using Marketplace.Contracts;

namespace Marketplace.Flows.Domain;

/// <summary>
/// The state machine of a flow (API.md "Money trail"), as pure functions of the flow before a step. The
/// store writes the result only if the flow is still at the version these rules saw, so a step decided on
/// a stale flow is decided again on the current one: the totals can never pass their bounds.
/// </summary>
public static class FlowRules
{
    public static FlowOutcome Commit(Flow flow, DateOnly signedOn, string reference, Money? amount, string by, DateTimeOffset now)
    {
        if (flow.Status != FlowStatus.Approved)
        {
            return FlowOutcome.Refused(flow.Commitment is not null
                ? "The flow already has a commitment."
                : $"A flow that is {flow.Status} cannot be committed.");
        }
        var committed = amount ?? flow.Approved;
        if (committed.Minor > flow.Approved.Minor)
        {
            return FlowOutcome.Refused($"The commitment cannot exceed the approved amount ({flow.Approved.AmountString} {flow.Approved.Currency}).");
        }
        return FlowOutcome.To(Next(flow, now) with { Commitment = new FlowCommitment(signedOn, reference, committed, by, now) });
    }

    public static FlowOutcome Disburse(Flow flow, string disbursementId, DateOnly date, Money amount, string reference, string by,
        DateTimeOffset now)
    {
        if (flow.Cancellation is not null) return FlowOutcome.Refused("A cancelled flow takes no disbursements.");
        if (flow.Commitment is null) return FlowOutcome.Refused("Record the commitment before disbursing.");
        var remaining = flow.Committed - flow.Disbursed;
        if (amount.Minor > remaining.Minor)
        {
            return FlowOutcome.Refused(
                $"The disbursements would exceed the commitment: {remaining.AmountString} {remaining.Currency} remains to disburse.");
        }
        var disbursement = new Disbursement(disbursementId, date, amount, reference, by, now, null, null);
        return FlowOutcome.To(Next(flow, now) with { Disbursements = [.. flow.Disbursements, disbursement] });
    }

    /// <summary>Confirms a disbursement's receipt; null when the flow has no such disbursement.</summary>
    public static FlowOutcome? Receive(Flow flow, string disbursementId, string by, DateTimeOffset now)
    {
        var index = flow.Disbursements.ToList().FindIndex(d => d.Id == disbursementId);
        if (index < 0) return null;
        if (flow.Disbursements[index].ReceivedAt is not null) return FlowOutcome.Unchanged(flow);
        var disbursements = flow.Disbursements.ToArray();
        disbursements[index] = disbursements[index] with { ReceivedAt = now, ReceivedBy = by };
        return FlowOutcome.To(Next(flow, now) with { Disbursements = disbursements });
    }

    /// <summary>Cancels the flow: everything not disbursed (of the approval, not only of the commitment) goes back.</summary>
    public static FlowOutcome Cancel(Flow flow, string reason, string by, string byOrg, DateTimeOffset now)
    {
        if (flow.Status is FlowStatus.Cancelled or FlowStatus.Disbursed)
        {
            return FlowOutcome.Refused($"A flow that is {flow.Status} cannot be cancelled.");
        }
        var released = flow.Approved - flow.Disbursed;
        var needReleased = flow.NeedApproved - flow.NeedSideOf(flow.Disbursed);
        return FlowOutcome.To(Next(flow, now) with
        {
            Cancellation = new FlowCancellation(reason, by, byOrg, now, released, needReleased, null),
        });
    }

    /// <summary>Records that both services released the remainder of a cancelled flow.</summary>
    public static FlowOutcome MarkReleased(Flow flow, DateTimeOffset now) => flow.Cancellation switch
    {
        null => FlowOutcome.Refused("Only a cancelled flow releases money."),
        { ReleasedAt: not null } => FlowOutcome.Unchanged(flow),
        var c => FlowOutcome.To(Next(flow, now) with { Cancellation = c with { ReleasedAt = now } }),
    };

    private static Flow Next(Flow flow, DateTimeOffset now) => flow with { UpdatedAt = now, Version = flow.Version + 1 };
}
