using System.Diagnostics;
using System.Text.Json;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// The transactional outbox in a service's MongoDB database. Events are inserted in the transaction of
/// the change they announce. Several replicas may run a relay: each claims a batch by setting a lease
/// (owner and expiry) with one conditional update, so two relays never publish the same entry at the
/// same time; a relay that dies leaves its lease to expire, and another one takes the entries over. Entries
/// are ordered by <c>seq</c>, the outbox's commit sequence (<see cref="MongoCommitSequence"/>).
/// </summary>
public sealed class MongoOutbox : IOutboxStore
{
    public const string CollectionName = "outbox";

    /// <summary>The name of the outbox's commit sequence.</summary>
    public const string SequenceName = "outbox";

    public static readonly IReadOnlyList<CreateIndexModel<OutboxDocument>> Indexes =
    [
        new(Builders<OutboxDocument>.IndexKeys.Ascending(d => d.PublishedAt).Ascending(d => d.Seq),
            new CreateIndexOptions { Name = "ix_outbox_pending" }),
    ];

    private static readonly FilterDefinitionBuilder<OutboxDocument> Filter = Builders<OutboxDocument>.Filter;

    private readonly MongoStorage _storage;
    private readonly IMongoCollection<OutboxDocument> _collection;
    private readonly TimeProvider _clock;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    static MongoOutbox() => MongoSerialization.EnsureConfigured();

    public MongoOutbox(MongoStorage storage, TimeProvider clock)
    {
        _storage = storage;
        _collection = storage.Collection<OutboxDocument>(CollectionName);
        _clock = clock;
    }

    public static FilterDefinition<OutboxDocument> Pending => Filter.Eq(d => d.PublishedAt, null);

    /// <summary>Pending and not leased by a live relay.</summary>
    public static FilterDefinition<OutboxDocument> Claimable(DateTimeOffset now) =>
        Pending & (Filter.Eq(d => d.LeaseUntil, null) | Filter.Lt(d => d.LeaseUntil, now));

    public static SortDefinition<OutboxDocument> CreationOrder => Builders<OutboxDocument>.Sort.Ascending(d => d.Seq);

    public static UpdateDefinition<OutboxDocument> Lease(string owner, DateTimeOffset until) =>
        Builders<OutboxDocument>.Update.Set(d => d.LeaseOwner, owner).Set(d => d.LeaseUntil, until);

    public static FilterDefinition<OutboxDocument> Unpublished(IReadOnlyCollection<Guid> ids) => Filter.In(d => d.Id, ids) & Pending;

    public static UpdateDefinition<OutboxDocument> Unleased => Builders<OutboxDocument>.Update.Unset(d => d.LeaseOwner).Unset(d => d.LeaseUntil);

    public static UpdateDefinition<OutboxDocument> Published(DateTimeOffset at) =>
        Builders<OutboxDocument>.Update.Set(d => d.PublishedAt, at).Unset(d => d.LeaseOwner).Unset(d => d.LeaseUntil);

    public async Task EnqueueAsync(IClientSessionHandle session, object message, DateTimeOffset now, CancellationToken ct)
    {
        var seq = await MongoCommitSequence.NextAsync(_storage.Database, session, SequenceName, 1, ct);
        await _collection.InsertOneAsync(session, new OutboxDocument(Guid.CreateVersion7(), message.GetType().FullName!,
            JsonSerializer.Serialize(message, message.GetType(), OutboxMessageTypes.JsonOptions), now, Activity.Current?.Id, null, null, null, seq),
            cancellationToken: ct);
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> entries in creation order: reads candidate ids, leases those
    /// still claimable in one update (atomic per entry, so a concurrent relay gets the others), then reads
    /// back what this call leased. Three round trips whatever the batch size.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListPendingAsync(int max, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var candidates = await _collection.Find(Claimable(now)).Sort(CreationOrder).Limit(max)
            .Project(d => d.Id).ToListAsync(ct);
        if (candidates.Count == 0) return [];
        var claim = $"{_owner}:{Guid.NewGuid():N}";
        await _collection.UpdateManyAsync(Filter.In(d => d.Id, candidates) & Claimable(now), Lease(claim, now + IOutboxStore.LeaseDuration),
            cancellationToken: ct);
        var claimed = await _collection.Find(Filter.In(d => d.Id, candidates) & Filter.Eq(d => d.LeaseOwner, claim))
            .Sort(CreationOrder).ToListAsync(ct);
        return [.. claimed.Select(d => new OutboxMessage(d.Id, d.MessageType, d.Payload, d.CreatedAt, d.TraceParent))];
    }

    public Task MarkPublishedAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset at, CancellationToken ct) =>
        _collection.UpdateManyAsync(Filter.In(d => d.Id, ids), Published(at), cancellationToken: ct);

    public Task ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        _collection.UpdateManyAsync(Unpublished(ids), Unleased, cancellationToken: ct);

    public async Task<(int Pending, DateTimeOffset? OldestCreatedAt)> GetBacklogAsync(CancellationToken ct)
    {
        var count = await _collection.CountDocumentsAsync(Pending, cancellationToken: ct);
        var oldest = await _collection.Find(Pending).Sort(CreationOrder).Limit(1)
            .Project(d => (DateTimeOffset?)d.CreatedAt).FirstOrDefaultAsync(ct);
        return ((int)count, oldest);
    }

    public async Task CreateIndexesAsync(CancellationToken ct)
    {
        await MongoIndexes.EnsureAsync(_collection, Indexes, ct);
        await MongoCommitSequence.EnsureAsync(_storage.Database, [SequenceName], ct);
    }
}
