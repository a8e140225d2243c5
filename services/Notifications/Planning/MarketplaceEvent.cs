using System.Text.Json.Nodes;
using Marketplace.Notifications.Domain;

namespace Marketplace.Notifications.Planning;

/// <summary>
/// A consumed event in the terms of this service: its id (the message id, stable across redeliveries), the
/// webhook event type and data, which organisations' webhooks receive it, and who is told what.
/// </summary>
public sealed record MarketplaceEvent(
    string Id, string Type, DateTimeOffset OccurredAt, string EntityId, JsonObject Data, IReadOnlyList<string> WebhookOrgs,
    IReadOnlyList<Audience> Audiences, LocalizedText Title, LocalizedText Body)
{
    /// <summary>The body every webhook of this event receives, byte for byte the one that is signed.</summary>
    public string WebhookPayload() => new JsonObject
    {
        ["id"] = Id,
        ["type"] = Type,
        ["createdAt"] = OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["data"] = Data.DeepClone(),
    }.ToJsonString();
}
