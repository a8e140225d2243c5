using Marketplace.ServiceKit.Audit;

namespace Marketplace.Flows.Persistence;

/// <summary>A new state of a flow with the event and audit entry that must be written atomically with it.</summary>
public sealed record FlowChange(Domain.Flow Flow, object Event, AuditEntry Audit);
