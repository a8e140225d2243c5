namespace Marketplace.ServiceKit.FlowTotals;

/// <summary>One flow's totals in MongoDB (collection <c>flow_totals</c>), keyed by flow id.</summary>
public sealed record FlowTotalsDocument(string Id, string EntityId, long CommittedMinor, long DisbursedMinor, long Version);
