using System.Text.Json.Nodes;

namespace Marketplace.ServiceKit.Audit;

/// <summary>One line of the audit trail: who did what to which entity, when, and what changed.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Org, string Action, string EntityId, JsonObject Details);
