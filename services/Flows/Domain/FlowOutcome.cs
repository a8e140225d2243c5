namespace Marketplace.Flows.Domain;

/// <summary>
/// The result of a step of the flow's state machine: the flow after it, or why it is refused
/// (<see cref="Conflict"/>, a 409). <see cref="Changed"/> is false for a step that was already taken
/// (a second receipt of the same disbursement).
/// </summary>
public sealed record FlowOutcome(Flow? Flow, string? Conflict, bool Changed)
{
    public static FlowOutcome Refused(string conflict) => new(null, conflict, false);

    public static FlowOutcome To(Flow flow) => new(flow, null, true);

    public static FlowOutcome Unchanged(Flow flow) => new(flow, null, false);
}
