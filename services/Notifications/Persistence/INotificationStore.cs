using Marketplace.Notifications.Domain;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Notifications.Persistence;

/// <summary>
/// The notifications service's store: consumed event ids, in-app notifications, preferences, the mail
/// outbox and digest queue, webhooks and their deliveries. Work queues (mail, deliveries) are claimed with a
/// lease, so replicas never send the same item at once and a crashed sender's item is retried after it.
/// </summary>
public interface INotificationStore
{
    Task<bool> IsProcessedAsync(string eventId, CancellationToken ct);

    /// <summary>Writes an event's outcome with its id, atomically; false (nothing written) when the id was recorded before.</summary>
    Task<bool> RecordAsync(EventOutcome outcome, CancellationToken ct);

    Task<Page<Notification>> ListNotificationsAsync(string personId, string org, bool unreadOnly, int pageSize, string? afterId, CancellationToken ct);

    Task<int> CountUnreadAsync(string personId, string org, CancellationToken ct);

    /// <summary>Marks one of the person's notifications read (once: a second call changes nothing); null when it is not theirs.</summary>
    Task<Notification?> MarkReadAsync(string personId, string org, string id, DateTimeOffset at, CancellationToken ct);

    Task<int> MarkAllReadAsync(string personId, string org, DateTimeOffset at, CancellationToken ct);

    Task<Preferences?> GetPreferencesAsync(string personId, CancellationToken ct);

    /// <summary>Saves the person's preferences if they are still at <paramref name="expectedVersion"/> (0: never saved).</summary>
    Task<bool> SavePreferencesAsync(Preferences preferences, long expectedVersion, CancellationToken ct);

    /// <summary>Claims the next mail due at <paramref name="now"/> by moving its next attempt to <paramref name="leaseUntil"/>.</summary>
    Task<OutgoingMail?> ClaimMailAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    Task MarkMailSentAsync(string id, DateTimeOffset at, CancellationToken ct);

    Task RescheduleMailAsync(string id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken ct);

    /// <summary>The people with digest entries written before <paramref name="cutoff"/>.</summary>
    Task<IReadOnlyList<string>> ListDigestPeopleAsync(DateTimeOffset cutoff, CancellationToken ct);

    Task<IReadOnlyList<DigestEntry>> ListDigestEntriesAsync(string personId, DateTimeOffset cutoff, CancellationToken ct);

    /// <summary>Queues the digest mail and removes the entries it gathers, atomically.</summary>
    Task CompleteDigestAsync(IReadOnlyList<DigestEntry> entries, OutgoingMail mail, CancellationToken ct);

    Task CreateWebhookAsync(Webhook webhook, CancellationToken ct);

    Task<Webhook?> GetWebhookAsync(string id, CancellationToken ct);

    Task<Page<Webhook>> ListWebhooksAsync(string org, int pageSize, string? afterId, CancellationToken ct);

    Task<IReadOnlyList<Webhook>> ListActiveWebhooksAsync(string org, CancellationToken ct);

    /// <summary>Deletes a webhook; its pending deliveries are not sent. False when there was none.</summary>
    Task<bool> DeleteWebhookAsync(string id, CancellationToken ct);

    Task InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken ct);

    Task<WebhookDelivery?> GetDeliveryAsync(string id, CancellationToken ct);

    Task<Page<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int pageSize, string? afterId, CancellationToken ct);

    /// <summary>Claims the next pending delivery of an active webhook due at <paramref name="now"/>, leasing it until <paramref name="leaseUntil"/>.</summary>
    Task<WebhookDelivery?> ClaimDeliveryAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Records an attempt's result (the delivery as it is now).</summary>
    Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken ct);

    /// <summary>
    /// Gives up a delivery: marks it failed, disables its webhook and fails its other pending deliveries, and
    /// writes the notice to the organisation's admins, atomically.
    /// </summary>
    Task DisableWebhookAsync(WebhookDelivery delivery, string reason, EventOutcome notice, CancellationToken ct);
}
