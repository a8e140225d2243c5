using Marketplace.ServiceKit.Audit;

namespace Marketplace.Pledges.Persistence;

/// <summary>A new state of a pledge with the event and audit entry that must be written atomically with it.</summary>
public sealed record PledgeChange(Domain.Pledge Pledge, object Event, AuditEntry Audit);
