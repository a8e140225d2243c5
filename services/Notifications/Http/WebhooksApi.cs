using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Planning;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Notifications.Http;

/// <summary>The API document of <c>/api/v1/webhooks</c>.</summary>
public static class WebhooksApi
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 15, 4, 5, TimeSpan.Zero);

    private static readonly Webhook Example = new("whk_019384aa7c2e7f3a9b1c2d3e4f5a6b7c", "ES", "https://erp.example.org/marketplace/events",
        "whsec_3q2-7wEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", [EventTypes.MatchProposed, EventTypes.MatchApproved], Webhook.Active, "person_1", At,
        null, null, 1);

    public static readonly ApiSchema WebhookRequest = ApiSchema.FromExample("WebhookRequest",
        "Where to POST the organisation's events (https; never a private, loopback, link-local or multicast address outside Development), and which event types (all when left out).",
        new { url = Example.Url, events = Example.Events }, "events");

    // Examples give every field a value (the schema is inferred from them); a new webhook has null disabledAt and disabledReason.
    private static readonly Webhook DisabledExample = Example with
    {
        Status = Webhook.Disabled, DisabledAt = At.AddDays(2), DisabledReason = "Deliveries failed for 24 h (last: the receiver answered 503).", Version = 2,
    };

    public static readonly ApiSchema WebhookSchema = ApiSchema.FromExample("Webhook",
        "An organisation's webhook; status becomes disabled after 24 h of failed deliveries (disabledAt and disabledReason are null until then).",
        NotificationResponses.Webhook(DisabledExample), "disabledAt", "disabledReason");

    public static readonly ApiSchema CreatedWebhookSchema = ApiSchema.FromExample("CreatedWebhook",
        "The new webhook with its signing secret, shown this once (never replayed for an Idempotency-Key).",
        NotificationResponses.CreatedWebhook(DisabledExample), "disabledAt", "disabledReason");

    public static readonly ApiSchema DeliverySchema = ApiSchema.FromExample("WebhookDelivery",
        "One event sent to one webhook: pending (nextAttemptAt), succeeded or failed.",
        NotificationResponses.Delivery(new WebhookDelivery("dlv_019384aa7c2e7f3a9b1c2d3e4f5a6b7c", Example.Id, "ES", "4f1c0c7a9b8e4d0e8f3a2b1c0d9e8f7a",
            EventTypes.MatchProposed, "{}", WebhookDelivery.Pending, 2, At, At.AddSeconds(15), At.AddSeconds(5), 503, "the receiver answered 503",
            "dlv_019384aa7c2e7f3a9b1c2d3e4f5a0000")), "lastAttemptAt", "nextAttemptAt", "responseStatus", "error", "replayOf");

    public static readonly ApiSchema DeletedSchema = ApiSchema.FromExample("DeletedWebhook", "The webhook that was deleted.",
        new { id = Example.Id, deleted = true });

    private const string AdminsOnly = "The organisation's administrators only; another organisation's webhook is 404.";

    public static ApiOperation Create() => new ApiOperation("createWebhook", "Webhooks", "Register a webhook")
        .Describe(AdminsOnly + " Every delivery is signed: Marketplace-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" with the secret> (docs/notifications.md).")
        .Header("Idempotency-Key", "1–255 printable characters; the secret is never kept, so a repeat answers 409 and registers nothing again.")
        .Body(WebhookRequest)
        .Returns(201, CreatedWebhookSchema, "The webhook with its secret, with Location.")
        .Fails(400, 409, 413, 415, 422, 503);

    public static ApiOperation List() => new ApiOperation("listWebhooks", "Webhooks", "List the organisation's webhooks")
        .Describe(AdminsOnly).ReturnsPage(WebhookSchema, "Oldest first; never the secrets.").Fails(400, 503);

    public static ApiOperation Get() => new ApiOperation("getWebhook", "Webhooks", "Read a webhook")
        .Describe(AdminsOnly).Returns(200, WebhookSchema, "The webhook, with ETag.").Fails(404, 503);

    public static ApiOperation Delete() => new ApiOperation("deleteWebhook", "Webhooks", "Delete a webhook")
        .Describe(AdminsOnly + " Its pending deliveries are dropped.").Returns(200, DeletedSchema, "Deleted.").Fails(404, 503);

    public static ApiOperation Deliveries() => new ApiOperation("listWebhookDeliveries", "Webhooks", "A webhook's delivery log")
        .Describe(AdminsOnly).ReturnsPage(DeliverySchema, "Newest first.").Fails(400, 404, 503);

    public static ApiOperation Replay() => new ApiOperation("replayWebhookDelivery", "Webhooks", "Replay one delivery")
        .Describe(AdminsOnly + " Queues a new delivery of the same event (same event id and body, freshly signed).")
        .Returns(202, DeliverySchema, "The new delivery.")
        .Fails(404, 409, 503);
}
