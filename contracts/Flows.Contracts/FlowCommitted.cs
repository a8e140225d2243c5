namespace Marketplace.Flows.Contracts;

/// <summary>The donor signed a commitment for the flow (at most the approved amount).</summary>
public sealed record FlowCommitted(FlowSnapshot Flow, DateOnly SignedOn, string Reference);
