namespace Marketplace.Flows.Contracts;

/// <summary>An approved match got its flow (status <c>approved</c>): the money trail starts.</summary>
public sealed record FlowCreated(FlowSnapshot Flow);
