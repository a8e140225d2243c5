using Marketplace.ServiceKit.Audit;

namespace Marketplace.Needs.Persistence;

/// <summary>A new state of a need with the event and audit entry that must be written atomically with it.</summary>
public sealed record NeedChange(Domain.Need Need, object Event, AuditEntry Audit);
