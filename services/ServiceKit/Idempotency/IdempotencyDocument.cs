namespace Marketplace.ServiceKit.Idempotency;

/// <summary>An idempotency key in MongoDB; <c>expiresAt</c> carries a TTL index, so the server deletes expired keys.</summary>
public sealed record IdempotencyDocument(
    string Id, string Fingerprint, string State, DateTimeOffset LockedUntil, DateTimeOffset ExpiresAt, int? Status, string? ContentType,
    string? Location, string? ETag, byte[]? Body)
{
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
}
