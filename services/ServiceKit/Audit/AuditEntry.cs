using System.Text.Json.Nodes;
using Marketplace.ServiceKit.Security;

namespace Marketplace.ServiceKit.Audit;

/// <summary>
/// One line of the audit trail: who did what to which entity, when, and what changed. <see cref="Actor"/>
/// is the token's subject (a person's id, or a machine client's id), <see cref="ActorName"/> what people
/// read (the person's name, or the client id).
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string ActorName, string Org, string Action, string EntityId, JsonObject Details)
{
    public static AuditEntry By(Caller caller, DateTimeOffset at, string action, string entityId, JsonObject details) =>
        new(at, caller.Subject, caller.Name, caller.Org, action, entityId, details);
}
