namespace Marketplace.ServiceKit.Outbox;

/// <summary>The outbox side of a service's store: what is waiting, and marking it published.</summary>
public interface IOutboxStore
{
    Task<IReadOnlyList<OutboxMessage>> ListPendingAsync(int max, CancellationToken ct);

    /// <summary>Marks a published batch in one write.</summary>
    Task MarkPublishedAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset at, CancellationToken ct);

    /// <summary>How many messages wait and when the oldest was written (for the outbox lag metric).</summary>
    Task<(int Pending, DateTimeOffset? OldestCreatedAt)> GetBacklogAsync(CancellationToken ct);
}
