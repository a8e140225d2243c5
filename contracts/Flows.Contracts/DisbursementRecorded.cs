namespace Marketplace.Flows.Contracts;

/// <summary>The donor recorded a disbursement of <see cref="Amount"/> (pledge currency) against the commitment.</summary>
public sealed record DisbursementRecorded(FlowSnapshot Flow, string DisbursementId, DateOnly Date, decimal Amount, string Reference);
