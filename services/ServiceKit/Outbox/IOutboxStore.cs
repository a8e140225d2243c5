namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// The outbox side of a service's store: what is waiting, claiming it for publishing, and marking it
/// published. Both providers lease: <see cref="ListPendingAsync"/> claims what it returns for
/// <see cref="LeaseDuration"/>, so that relays of several replicas never publish the same entry at the same
/// time (a MongoDB database is shared by every replica of a service), and a claim that is neither published
/// nor released expires, so that the entries of a relay that died are published by another one.
/// </summary>
public interface IOutboxStore
{
    /// <summary>How long a claimed batch is reserved: far longer than publishing a batch with broker confirms takes.</summary>
    static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Claims up to <paramref name="max"/> unpublished entries that no live claim holds, in commit order (an
    /// ordering key taken inside the writing transaction, strictly increasing per store).
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ListPendingAsync(int max, CancellationToken ct);

    /// <summary>Marks a published batch in one write.</summary>
    Task MarkPublishedAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset at, CancellationToken ct);

    /// <summary>Gives up the claim on entries that could not be published, so the next claim takes them at once.</summary>
    Task ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct);

    /// <summary>How many messages wait and when the oldest was written (for the outbox lag metric).</summary>
    Task<(int Pending, DateTimeOffset? OldestCreatedAt)> GetBacklogAsync(CancellationToken ct);
}
