namespace Marketplace.Notifications.Domain;

/// <summary>
/// One event sent (or to be sent) to one webhook: the exact body that is signed, its attempts and outcome.
/// <see cref="Status"/>: <c>pending</c> (waiting for its next attempt), <c>succeeded</c> (a 2xx answer), or
/// <c>failed</c> (given up after the retry window). A replay is a new delivery of the same event.
/// </summary>
public sealed record WebhookDelivery(
    string Id, string WebhookId, string Org, string EventId, string EventType, string Payload, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? LastAttemptAt, int? ResponseStatus, string? Error,
    string? ReplayOf)
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
