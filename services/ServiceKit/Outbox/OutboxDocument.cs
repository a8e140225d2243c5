namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// An outbox entry in MongoDB. <c>_id</c> is a version 7 GUID stored as a standard UUID, so it sorts by
/// creation time. A relay claims entries by setting a lease; an expired lease frees them again.
/// </summary>
public sealed record OutboxDocument(
    Guid Id, string MessageType, string Payload, DateTimeOffset CreatedAt, string? TraceParent, DateTimeOffset? PublishedAt,
    string? LeaseOwner, DateTimeOffset? LeaseUntil);
