using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;
using static Marketplace.Matching.Persistence.MongoMatchingQueries;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// The matching store in MongoDB (<c>Storage:Provider=Mongo</c>): views, matches, FX rates and rounds
/// beside the shared <c>outbox</c> and <c>audit</c>. View upserts keep the highest version, transitions
/// are conditional on the current status, and a round is applied in one transaction with one bulk write.
/// </summary>
public sealed class MongoMatchingStore(MongoStorage storage, MongoChangeWriter writer, MongoOutbox outbox, MongoAuditTrail audit,
    OutboxSignal signal) : IMatchingStore, IMongoStoreSetup
{
    private static readonly ReplaceOptions Upsert = new() { IsUpsert = true };

    private IMongoCollection<NeedViewDocument> NeedViewDocs => storage.Collection<NeedViewDocument>(NeedViewsCollection);
    private IMongoCollection<PledgeViewDocument> PledgeViewDocs => storage.Collection<PledgeViewDocument>(PledgeViewsCollection);
    private IMongoCollection<MatchDocument> MatchDocs => storage.Collection<MatchDocument>(MatchesCollection);
    private IMongoCollection<FxRateDocument> FxDocs => storage.Collection<FxRateDocument>(FxRatesCollection);
    private IMongoCollection<LeaseDocument> LeaseDocs => storage.Collection<LeaseDocument>(LeasesCollection);
    private IMongoCollection<MatchReleaseDocument> ReleaseDocs => storage.Collection<MatchReleaseDocument>(MatchReleasesCollection);

    public async Task InitializeAsync(CancellationToken ct)
    {
        await MatchDocs.Indexes.CreateManyAsync(MatchIndexes, ct);
        var seeds = Currencies.All.Select(c => new UpdateOneModel<FxRateDocument>(
            Builders<FxRateDocument>.Filter.Eq(d => d.Id, c.Code), SeedFx(new FxRate(c.Code, c.DefaultUsdPerUnit, c.AsOf, c.Source, 1)))
        { IsUpsert = true });
        try
        {
            await FxDocs.BulkWriteAsync(seeds, new BulkWriteOptions { IsOrdered = false }, ct);
        }
        catch (MongoBulkWriteException ex) when (ex.WriteErrors.All(e => e.Category == ServerErrorCategory.DuplicateKey))
        {
            // Another replica seeded the same currencies at the same moment: they are there either way.
        }
    }

    public Task<bool> UpsertNeedAsync(NeedView need, CancellationToken ct) =>
        UpsertIfNewerAsync(NeedViewDocs, OlderNeedView(need), NeedViewDocument.From(need), ct);

    public Task<bool> UpsertPledgeAsync(PledgeView pledge, CancellationToken ct) =>
        UpsertIfNewerAsync(PledgeViewDocs, OlderPledgeView(pledge), PledgeViewDocument.From(pledge), ct);

    private static async Task<bool> UpsertIfNewerAsync<T>(IMongoCollection<T> collection, FilterDefinition<T> older, T document, CancellationToken ct)
    {
        try
        {
            var result = await collection.ReplaceOneAsync(older, document, Upsert, ct);
            return result.ModifiedCount == 1 || result.UpsertedId is not null;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // The id exists with an equal or newer version, so the filter matched nothing and the insert collided.
            return false;
        }
    }

    public Task<RoundInput> LoadRoundInputAsync(CancellationToken ct) =>
        storage.InSnapshotAsync(async (session, token) =>
        {
            var needs = await NeedViewDocs.Find(session, FilterDefinition<NeedViewDocument>.Empty)
                .Sort(Builders<NeedViewDocument>.Sort.Ascending(d => d.Id)).ToListAsync(token);
            var pledges = await PledgeViewDocs.Find(session, FilterDefinition<PledgeViewDocument>.Empty)
                .Sort(Builders<PledgeViewDocument>.Sort.Ascending(d => d.Id)).ToListAsync(token);
            var open = await MatchDocs.Find(session, Open).Sort(IdOrder).ToListAsync(token);
            var fx = await FxDocs.Find(session, FilterDefinition<FxRateDocument>.Empty).ToListAsync(token);
            var rejected = await MatchDocs.Find(session, Rejected).Project(d => new { d.NeedId, d.PledgeId }).ToListAsync(token);
            var releases = await ReleaseDocs.Find(session, FilterDefinition<MatchReleaseDocument>.Empty).ToListAsync(token);
            return new RoundInput([.. needs.Select(n => n.ToView())], [.. pledges.Select(p => p.ToView())],
                [.. open.Select(m => m.ToMatch())], fx.Select(r => r.ToRate()).ToDictionary(r => r.Currency),
                rejected.Select(r => (r.NeedId, r.PledgeId)).ToHashSet(), releases.Select(r => r.ToRelease()).ToDictionary(r => r.MatchId));
        }, ct);

    public async Task RecordReleaseAsync(MatchRelease release, CancellationToken ct)
    {
        try
        {
            await ReleaseDocs.InsertOneAsync(MatchReleaseDocument.From(release), cancellationToken: ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // Recorded by an earlier delivery: a flow is released once.
        }
    }

    public async Task ApplyRoundAsync(RoundRecord round, IReadOnlyList<Match> added, IReadOnlyList<string> superseded, IReadOnlyList<object> events,
        CancellationToken ct)
    {
        await storage.InTransactionAsync(async (session, token) =>
        {
            var writes = superseded.Select(id => (WriteModel<MatchDocument>)new UpdateOneModel<MatchDocument>(InStatus(id, MatchStatus.Proposed), Supersede))
                .Concat(added.Select(m => new InsertOneModel<MatchDocument>(MatchDocument.From(m))))
                .ToList();
            if (writes.Count > 0) await MatchDocs.BulkWriteAsync(session, writes, cancellationToken: token);
            await storage.Collection<RoundDocument>(RoundsCollection).InsertOneAsync(session, RoundDocument.From(round), cancellationToken: token);
            foreach (var @event in events) await outbox.EnqueueAsync(session, @event, round.CompletedAt, token);
            return true;
        }, ct);
        signal.Notify();
    }

    public async Task<Match?> GetMatchAsync(string id, CancellationToken ct) =>
        (await MatchDocs.Find(ById(id)).FirstOrDefaultAsync(ct))?.ToMatch();

    public async Task<Page<Match>> ListMatchesAsync(MatchFilter filter, int pageSize, string? afterId, CancellationToken ct)
    {
        var rows = await MatchDocs.Find(ListFilter(filter, afterId)).Sort(IdOrder).Limit(pageSize + 1).ToListAsync(ct);
        return Page<Match>.FromRows([.. rows.Select(m => m.ToMatch())], pageSize, m => m.Id);
    }

    public async Task<NeedView?> GetNeedAsync(string id, CancellationToken ct) =>
        (await NeedViewDocs.Find(d => d.Id == id).FirstOrDefaultAsync(ct))?.ToView();

    public async Task<PledgeView?> GetPledgeAsync(string id, CancellationToken ct) =>
        (await PledgeViewDocs.Find(d => d.Id == id).FirstOrDefaultAsync(ct))?.ToView();

    public async Task<IReadOnlyList<FxRate>> ListFxRatesAsync(CancellationToken ct)
    {
        var rates = await FxDocs.Find(FilterDefinition<FxRateDocument>.Empty)
            .Sort(Builders<FxRateDocument>.Sort.Ascending(d => d.Id)).ToListAsync(ct);
        return [.. rates.Select(r => r.ToRate())];
    }

    public Task<bool> PutFxRateAsync(FxRate rate, long expectedVersion, AuditEntry entry, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
            (await FxDocs.UpdateOneAsync(session, FxAtVersion(rate.Currency, expectedVersion), PutFx(rate), cancellationToken: token))
                .MatchedCount == 1,
            new Contracts.FxRateChanged(rate.Currency, rate.UsdPerUnit, rate.AsOf, rate.Source), entry, ct);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) => audit.ListAsync(entityId, ct);

    public async Task<bool> TransitionAsync(string matchId, string from, string to, string? decidedBy, DateTimeOffset? decidedAt,
        CancellationToken ct) =>
        (await MatchDocs.UpdateOneAsync(InStatus(matchId, from), Transition(to, decidedBy, decidedAt), cancellationToken: ct))
            .ModifiedCount == 1;

    public Task<bool> SettleDecisionAsync(Match decided, string from, object @event, AuditEntry entry, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
            (await MatchDocs.UpdateOneAsync(session, InStatus(decided.Id, from), Settle(decided), cancellationToken: token))
                .ModifiedCount == 1,
            @event, entry, ct);

    /// <summary>
    /// An upsert filtered on "expired or ours": when another owner holds a live lease the filter matches
    /// nothing and the upsert's insert collides on <c>_id</c>, which is the refusal.
    /// </summary>
    public async Task<bool> TryAcquireSolverLeaseAsync(string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken ct)
    {
        try
        {
            await LeaseDocs.UpdateOneAsync(SolverLeaseAvailable(owner, now), TakeLease(owner, now + ttl), new UpdateOptions { IsUpsert = true }, ct);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public Task ReleaseSolverLeaseAsync(string owner, CancellationToken ct) => LeaseDocs.DeleteOneAsync(SolverLeaseHeldBy(owner), ct);

    public async Task<IReadOnlyList<Match>> ListInFlightApprovalsAsync(DateTimeOffset claimedBefore, CancellationToken ct)
    {
        var rows = await MatchDocs.Find(InFlightSince(claimedBefore)).Sort(IdOrder).ToListAsync(ct);
        return [.. rows.Select(m => m.ToMatch())];
    }
}
