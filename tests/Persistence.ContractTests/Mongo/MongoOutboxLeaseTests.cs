using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.Persistence.ContractTests.Mongo;

/// <summary>Two relays (replicas) on one MongoDB outbox: each entry is leased to one of them until published or expired.</summary>
public sealed class MongoOutboxLeaseTests : IAsyncLifetime
{
    private readonly MongoBackend _backend = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [MongoFact]
    public async Task TwoRelays_ClaimDisjointBatches_AndAnExpiredLeaseIsTakenOver()
    {
        var (first, _) = await _backend.CreateSharedAsync();
        var second = new MongoOutbox(_backend.Storage, _backend.Clock);
        await _backend.Storage.InTransactionAsync(async (session, ct) =>
        {
            for (var i = 0; i < 6; i++) await first.EnqueueAsync(session, new Marketplace.Matching.Contracts.FxRateChanged("EUR", i, new DateOnly(2026, 1, 1), "t"), _backend.Clock.Now, ct);
            return true;
        }, CancellationToken.None);

        var a = await first.ListPendingAsync(4, CancellationToken.None);
        var b = await second.ListPendingAsync(4, CancellationToken.None);

        Assert.Equal(4, a.Count);
        Assert.Equal(2, b.Count);
        Assert.Empty(a.Select(m => m.Id).Intersect(b.Select(m => m.Id)));
        Assert.Empty(await second.ListPendingAsync(4, CancellationToken.None));

        await first.MarkPublishedAsync([a[0].Id], _backend.Clock.Now, CancellationToken.None);
        _backend.Clock.Now += IOutboxStore.LeaseDuration + TimeSpan.FromSeconds(1);

        var takenOver = await second.ListPendingAsync(10, CancellationToken.None);
        Assert.Equal(a.Skip(1).Concat(b).Select(m => m.Id).Order(), takenOver.Select(m => m.Id).Order());
        Assert.Equal(5, (await first.GetBacklogAsync(CancellationToken.None)).Pending);
    }

    [MongoFact]
    public async Task Initialize_CreatesEveryIndexTheQueriesUse_AndIsIdempotent()
    {
        await _backend.CreateNeedsAsync();
        await _backend.CreateNeedsAsync();

        var names = await (await _backend.Storage.Collection<object>("needs").Indexes.ListAsync()).ToListAsync();
        Assert.Equal(["_id_", "ix_needs_seq", "ix_needs_country", "ix_needs_status", "ix_needs_sector"], names.Select(i => i["name"].AsString));
        var outbox = await (await _backend.Storage.Collection<object>(MongoOutbox.CollectionName).Indexes.ListAsync()).ToListAsync();
        Assert.Contains(outbox, i => i["name"].AsString == "ix_outbox_pending");
    }

    [MongoFact]
    public async Task Initialize_OverAnIndexWhoseKeysChanged_RebuildsItUnderItsName()
    {
        var storage = _backend.Storage;
        var outbox = storage.Collection<OutboxDocument>(MongoOutbox.CollectionName);
        // The outbox's pending index as it was before the commit sequence: same name, other keys.
        await outbox.Indexes.CreateOneAsync(new CreateIndexModel<OutboxDocument>(
            Builders<OutboxDocument>.IndexKeys.Ascending(d => d.PublishedAt).Ascending(d => d.Id), new CreateIndexOptions { Name = "ix_outbox_pending" }));

        await new MongoOutbox(storage, _backend.Clock).CreateIndexesAsync(CancellationToken.None);
        await new MongoOutbox(storage, _backend.Clock).CreateIndexesAsync(CancellationToken.None);

        var pending = (await (await outbox.Indexes.ListAsync()).ToListAsync()).Single(i => i["name"].AsString == "ix_outbox_pending");
        Assert.Equal(new BsonDocument { { "publishedAt", 1 }, { "seq", 1 } }, pending["key"].AsBsonDocument);
    }

    [MongoFact]
    public async Task Initialize_NumbersNeedsWrittenBeforeTheCommitSequence_InIdOrder_AndNewOnesAfterThem()
    {
        var storage = _backend.Storage;
        var raw = storage.Collection<BsonDocument>(Marketplace.Needs.Persistence.MongoNeedStore.CollectionName);
        var (store, _) = await _backend.CreateNeedsAsync();
        var old = new[] { "need_0001", "need_0002", "need_0003" };
        foreach (var id in old)
        {
            var document = Marketplace.Needs.Persistence.NeedDocument.From(Samples.Need(_backend.Clock.Now) with { Id = id }).ToBsonDocument();
            document.Remove("seq");
            await raw.InsertOneAsync(document);
        }

        await ((Marketplace.Needs.Persistence.MongoNeedStore)store).InitializeAsync(CancellationToken.None);
        var fresh = Samples.Need(_backend.Clock.Now);
        await store.InsertAsync(new Marketplace.Needs.Persistence.NeedChange(fresh, new Marketplace.Needs.Contracts.NeedPublished(fresh.ToSnapshot()),
            Samples.Audit(_backend.Clock.Now, fresh.Id, "need.published")), CancellationToken.None);

        var listed = await store.ListAsync(new Marketplace.Needs.Persistence.NeedFilter(null, null, null), 10, null, CancellationToken.None);
        Assert.Equal([.. old, fresh.Id], listed.Items.Select(n => n.Id));
    }
}
