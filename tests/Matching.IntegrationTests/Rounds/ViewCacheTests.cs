using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.TestSupport;

namespace Marketplace.Matching.IntegrationTests.Rounds;

// The round's in-memory views against a real store: one full load, then only what changed; a store behind the cache
// (restored or replaced) and an explicit rebuild load everything again.
public sealed class ViewCacheTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task LoadAsync_AfterTheFirstLoad_ReadsOnlyChangedViewsAndKeepsTheRest()
    {
        var store = Store("matching.db");
        var cache = new ViewCache();
        await store.UpsertNeedAsync(Need("need_1", 1), CancellationToken.None);
        await store.UpsertPledgeAsync(Pledge("pledge_1", 1), CancellationToken.None);

        var first = await cache.LoadAsync(store, rebuild: false, CancellationToken.None);
        await store.UpsertNeedAsync(Need("need_2", 1), CancellationToken.None);
        await store.UpsertPledgeAsync(Pledge("pledge_1", 2, status: "withdrawn"), CancellationToken.None);
        var second = await cache.LoadAsync(store, rebuild: false, CancellationToken.None);

        Assert.Equal((1, 1), (first.Needs.Count, first.Pledges.Count));
        Assert.Equal(["need_2"], second.Needs.Select(n => n.Id));
        Assert.Equal([("pledge_1", "withdrawn")], second.Pledges.Select(p => (p.Id, p.Status)));
        Assert.Equal(["need_1", "need_2"], cache.Needs.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.Equal([("pledge_1", 2L)], cache.Pledges.Select(p => (p.Id, p.Version)));
        Assert.Equal((1, 1), (cache.FullLoads, cache.ChangeLoads));
        Assert.Equal(second.ViewSequence, cache.Sequence);
    }

    [Fact]
    public async Task LoadAsync_WhenTheStoreIsBehindTheCache_LoadsEverythingAgain()
    {
        var cache = new ViewCache();
        var original = Store("matching.db");
        await original.UpsertNeedAsync(Need("need_1", 1), CancellationToken.None);
        await original.UpsertNeedAsync(Need("need_2", 1), CancellationToken.None);
        await cache.LoadAsync(original, rebuild: false, CancellationToken.None);

        var restored = Store("restored.db");
        await restored.UpsertNeedAsync(Need("need_3", 1), CancellationToken.None);
        await cache.LoadAsync(restored, rebuild: false, CancellationToken.None);

        Assert.Equal(["need_3"], cache.Needs.Select(n => n.Id));
        Assert.Equal(2, cache.FullLoads);
    }

    [Fact]
    public async Task LoadAsync_WithRebuild_LoadsEverything()
    {
        var store = Store("matching.db");
        var cache = new ViewCache();
        await store.UpsertNeedAsync(Need("need_1", 1), CancellationToken.None);
        await cache.LoadAsync(store, rebuild: false, CancellationToken.None);

        var input = await cache.LoadAsync(store, rebuild: true, CancellationToken.None);

        Assert.Equal(["need_1"], input.Needs.Select(n => n.Id));
        Assert.Equal((2, 0), (cache.FullLoads, cache.ChangeLoads));
    }

    private SqliteMatchingStore Store(string file)
    {
        var signal = new OutboxSignal();
        var database = new SqliteDatabase(_directory.Path, file, SqliteMatchingSchema.Sql);
        return new SqliteMatchingStore(database, new SqliteChangeWriter(database, signal), signal);
    }

    private static NeedView Need(string id, long version) =>
        new(id, "SV", "health", "A need", ["grant"], "high", 100_000, 0, "USD", "open", null, null, version);

    private static PledgeView Pledge(string id, long version, string status = "open") =>
        new(id, "EU", "A pledge", "grant", ["SV"], [], 500_000, 0, "EUR", null, null, null, null, status, version);
}
