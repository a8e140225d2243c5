using System.Text.Json.Nodes;
using Marketplace.Notifications.Domain;
using Marketplace.ServiceKit.Export;

namespace Marketplace.Notifications.Http;

/// <summary>The JSON (and CSV) shapes of notifications, preferences, webhooks and deliveries.</summary>
public static class NotificationResponses
{
    public static readonly CsvColumns NotificationColumns = new(
        "id", "kind", "entityId", "title.es", "title.en", "body.es", "body.en", "createdAt", "readAt", "version");

    public static readonly CsvColumns WebhookColumns = new("id", "url", "events", "status", "createdAt", "disabledAt", "disabledReason", "version");

    public static readonly CsvColumns DeliveryColumns = new(
        "id", "webhookId", "eventId", "eventType", "status", "attempts", "createdAt", "lastAttemptAt", "nextAttemptAt", "responseStatus", "error", "replayOf");

    public static JsonObject Notification(Notification n) => new()
    {
        ["id"] = n.Id,
        ["kind"] = n.Kind,
        ["entityId"] = n.EntityId,
        ["title"] = new JsonObject { ["es"] = n.Title.Es, ["en"] = n.Title.En },
        ["body"] = new JsonObject { ["es"] = n.Body.Es, ["en"] = n.Body.En },
        ["createdAt"] = n.CreatedAt,
        ["readAt"] = n.ReadAt,
        ["version"] = n.Version,
    };

    public static JsonObject Preferences(Preferences p) => new()
    {
        ["kinds"] = new JsonObject(p.Effective().Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["version"] = p.Version,
    };

    public static JsonObject Webhook(Webhook w) => new()
    {
        ["id"] = w.Id,
        ["url"] = w.Url,
        ["events"] = new JsonArray(w.Events.Select(e => (JsonNode)e).ToArray()),
        ["status"] = w.Status,
        ["createdAt"] = w.CreatedAt,
        ["disabledAt"] = w.DisabledAt,
        ["disabledReason"] = w.DisabledReason,
        ["version"] = w.Version,
    };

    /// <summary>The webhook as created: the only answer that ever shows its secret.</summary>
    public static JsonObject CreatedWebhook(Webhook w)
    {
        var json = Webhook(w);
        json["secret"] = w.Secret;
        return json;
    }

    public static JsonObject Delivery(WebhookDelivery d) => new()
    {
        ["id"] = d.Id,
        ["webhookId"] = d.WebhookId,
        ["eventId"] = d.EventId,
        ["eventType"] = d.EventType,
        ["status"] = d.Status,
        ["attempts"] = d.Attempts,
        ["createdAt"] = d.CreatedAt,
        ["lastAttemptAt"] = d.LastAttemptAt,
        ["nextAttemptAt"] = d.Status == WebhookDelivery.Pending ? d.NextAttemptAt : null,
        ["responseStatus"] = d.ResponseStatus,
        ["error"] = d.Error,
        ["replayOf"] = d.ReplayOf,
    };
}
