using Marketplace.Contracts;
using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.TestSupport;

namespace Marketplace.Matching.IntegrationTests.Rounds;

// The round's in-memory market against a real store: one full load, then only what changed (views, matches, releases,
// whoever wrote them); a store behind the cache (restored or replaced) and an explicit rebuild load everything again.
public sealed class MarketCacheTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task LoadAsync_AfterTheFirstLoad_ReadsOnlyChangedViewsAndKeepsTheRest()
    {
        var store = Store("matching.db");
        var cache = new MarketCache();
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
        var cache = new MarketCache();
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
        var cache = new MarketCache();
        await store.UpsertNeedAsync(Need("need_1", 1), CancellationToken.None);
        await cache.LoadAsync(store, rebuild: false, CancellationToken.None);

        var input = await cache.LoadAsync(store, rebuild: true, CancellationToken.None);

        Assert.Equal(["need_1"], input.Needs.Select(n => n.Id));
        Assert.Equal((2, 0), (cache.FullLoads, cache.ChangeLoads));
    }

    [Fact]
    public async Task LoadAsync_TakesTheMatchWritesOfEveryReplicaAsChanges()
    {
        var store = Store("matching.db");
        var cache = new MarketCache();
        var kept = Proposal("need_1");
        var rejected = Proposal("need_2");
        var approving = Proposal("need_3");
        var dropped = Proposal("need_4");
        var lease = (await store.TryAcquireSolverLeaseAsync("replica-a", At, TimeSpan.FromMinutes(1), CancellationToken.None))!.Value;
        await store.ApplyRoundAsync(Round("round_1"), [kept, rejected, approving, dropped], [], Completed("round_1"), lease, CancellationToken.None);
        await cache.LoadAsync(store, rebuild: false, CancellationToken.None);
        cache.TakeChanges();

        // Another replica's round, and decisions and a release written by other replicas' requests and consumers.
        var added = Proposal("need_4");
        await store.ApplyRoundAsync(Round("round_2"), [added], [dropped.Id], Completed("round_2"), lease, CancellationToken.None);
        await store.SettleDecisionAsync(rejected with { Status = MatchStatus.Rejected, DecidedBy = "chair-2", DecidedAt = At }, MatchStatus.Proposed,
            new MatchRejected(rejected.Id, rejected.NeedId, rejected.PledgeId, rejected.Country, rejected.Donor, "Not eligible", "chair-2", "SV", At),
            new AuditEntry(At, "chair-2", "Chair Two", "SV", "match.rejected", rejected.Id, []), CancellationToken.None);
        await store.TransitionAsync(approving.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-3", At, CancellationToken.None);
        await store.RecordReleaseAsync(new MatchRelease("match_old", 10, 11), CancellationToken.None);
        var changes = await cache.LoadAsync(store, rebuild: false, CancellationToken.None);

        Assert.Equal((1, 1), (cache.FullLoads, cache.ChangeLoads));
        Assert.Equal(4, changes.OpenMatches.Count + changes.ClosedMatchIds.Count);
        Assert.Equal(new[] { kept.Id, approving.Id, added.Id }.Order(StringComparer.Ordinal), cache.OpenMatches.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(MatchStatus.Approving, cache.OpenMatches.Single(m => m.Id == approving.Id).Status);
        Assert.Equal([("need_2", "pledge_1")], cache.RejectedPairs);
        Assert.Equal(new MatchRelease("match_old", 10, 11), cache.Releases["match_old"]);
        Assert.Equal(changes.MatchSequence, cache.MatchSequence);
        // What the next round hands the engine: the proposals that left (decided, or superseded by another writer), the
        // pair rejected, and the needs and pledge whose matches changed.
        var delta = cache.TakeChanges();
        Assert.Equal([("need_2", "pledge_1"), ("need_3", "pledge_1"), ("need_4", "pledge_1")], delta.TakenOff.Order());
        Assert.Equal([("need_2", "pledge_1")], delta.Rejected);
        Assert.Equal(["need_2", "need_3", "need_4"], delta.Needs.Order(StringComparer.Ordinal));
        Assert.Equal(["pledge_1"], delta.Pledges);
        Assert.Equal(10_000, cache.ApprovedNeedMinor("need_3"));
        Assert.Equal(10_000, cache.ApprovedPledgeMinor("pledge_1"));
        Assert.Equal([("need_1", "pledge_1"), ("need_4", "pledge_1")], cache.ProposedByPair.Keys.Order());
        Assert.Equal(20_000, cache.ProposedUsdCents);

        // The same state as a full load of the store.
        var full = await store.LoadRoundInputAsync(CancellationToken.None);
        Assert.Equal(full.OpenMatches.Select(m => (m.Id, m.Status)).Order(), cache.OpenMatches.Select(m => (m.Id, m.Status)).Order());
        Assert.Equal(full.RejectedPairs, cache.RejectedPairs);
        Assert.Equal(full.Releases, cache.Releases);
    }

    [Fact]
    public async Task Record_TheRoundsOwnWrites_AreNoChangeWhenReadBack()
    {
        var store = Store("matching.db");
        var cache = new MarketCache();
        await store.UpsertNeedAsync(Need("need_1", 1), CancellationToken.None);
        await store.UpsertPledgeAsync(Pledge("pledge_1", 1), CancellationToken.None);
        var first = Proposal("need_1");
        var lease = (await store.TryAcquireSolverLeaseAsync("replica-a", At, TimeSpan.FromMinutes(1), CancellationToken.None))!.Value;
        await cache.LoadAsync(store, rebuild: false, CancellationToken.None);
        cache.TakeChanges();
        await store.ApplyRoundAsync(Round("round_1"), [first], [], Completed("round_1"), lease, CancellationToken.None);
        cache.Record([first], [], [("need_1", "pledge_9")]);
        var moved = Proposal("need_1") with { UsdCents = 5_000 };
        await store.ApplyRoundAsync(Round("round_2"), [moved], [first.Id], Completed("round_2"), lease, CancellationToken.None);
        cache.Record([moved], [first.Id], []);

        await cache.LoadAsync(store, rebuild: false, CancellationToken.None);
        var changes = cache.TakeChanges();

        Assert.Empty(changes.Needs);
        Assert.Empty(changes.Pledges);
        // Only the allocation the round could not propose is taken off the engine's market.
        Assert.Equal([("need_1", "pledge_9")], changes.TakenOff);
        Assert.Equal(moved.Id, cache.ProposedByPair[("need_1", "pledge_1")].Id);
        Assert.Equal(5_000, cache.ProposedUsdCents);
    }

    private static readonly DateTimeOffset At = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);

    private static RoundRecord Round(string id) => new(id, At, "test", 1, 0, 100, 1.0);

    private static MatchingRoundCompleted Completed(string id) => new(id, At, 1, 0, 1m, 1.0);

    private static Match Proposal(string needId) =>
        new(Ids.New("match"), needId, "pledge_1", "SV", "EU", "health", "grant", new Money(10_000, "USD"), new Money(10_000, "USD"), 1m, 1,
            [], MatchStatus.Proposed, At, null, null, null, "round_1", 10_000, 1);

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
