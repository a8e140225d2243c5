namespace Marketplace.ServiceKit.Idempotency;

/// <summary>
/// The idempotency keys of one service (API.md "Conventions"), beside its data. A key is claimed by one
/// request at a time: the claim holds until <c>lockedUntil</c> (so a crashed request's key becomes usable
/// again) and the completed response is kept until <c>expiresAt</c>.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> for a request whose body has <paramref name="fingerprint"/>, atomically:
    /// at most one concurrent request gets <see cref="ClaimOutcome.Claimed"/>.
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(string key, string fingerprint, DateTimeOffset now, DateTimeOffset lockedUntil, CancellationToken ct);

    /// <summary>Stores the response of the claimed request, to be replayed until <paramref name="expiresAt"/>.</summary>
    Task CompleteAsync(string key, StoredResponse response, DateTimeOffset expiresAt, CancellationToken ct);

    /// <summary>Gives up the claim without keeping a response (a 5xx or a failure): a retry runs again.</summary>
    Task ReleaseAsync(string key, CancellationToken ct);
}
