namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// An outbox entry in MongoDB. <c>seq</c> orders entries by commit: it is taken from the outbox's commit
/// sequence in the writing transaction (absent on entries written before it existed, which sort first).
/// A relay claims entries by setting a lease; an expired or released lease frees them again.
/// </summary>
public sealed record OutboxDocument(
    Guid Id, string MessageType, string Payload, DateTimeOffset CreatedAt, string? TraceParent, DateTimeOffset? PublishedAt,
    string? LeaseOwner, DateTimeOffset? LeaseUntil, long Seq = 0);
