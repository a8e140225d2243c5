namespace Marketplace.Flows.Contracts;

/// <summary>
/// The flow was cancelled; what was not disbursed is being released back to the pledge and the need
/// (<see cref="FlowReleased"/> follows once both services have released it).
/// </summary>
public sealed record FlowCancelled(FlowSnapshot Flow, string Reason, string CancelledBy, string CancelledByOrg);
