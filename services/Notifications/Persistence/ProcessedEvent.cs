namespace Marketplace.Notifications.Persistence;

/// <summary>A consumed event's id (the document's <c>_id</c>): its outcome was written, so a redelivery writes nothing.</summary>
public sealed record ProcessedEvent(string Id, DateTimeOffset ProcessedAt);
