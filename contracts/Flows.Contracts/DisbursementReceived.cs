namespace Marketplace.Flows.Contracts;

/// <summary>The need's member state confirmed that it received a disbursement.</summary>
public sealed record DisbursementReceived(FlowSnapshot Flow, string DisbursementId, DateTimeOffset ReceivedAt);
