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
    private const int DuplicateKeyCode = 11000;

    private IMongoCollection<NeedViewDocument> NeedViewDocs => storage.Collection<NeedViewDocument>(NeedViewsCollection);
    private IMongoCollection<PledgeViewDocument> PledgeViewDocs => storage.Collection<PledgeViewDocument>(PledgeViewsCollection);
    private IMongoCollection<MatchDocument> MatchDocs => storage.Collection<MatchDocument>(MatchesCollection);
    private IMongoCollection<FxRateDocument> FxDocs => storage.Collection<FxRateDocument>(FxRatesCollection);
    private IMongoCollection<LeaseDocument> LeaseDocs => storage.Collection<LeaseDocument>(LeasesCollection);
    private IMongoCollection<MatchReleaseDocument> ReleaseDocs => storage.Collection<MatchReleaseDocument>(MatchReleasesCollection);
    private IMongoCollection<SequenceDocument> SequenceDocs => storage.Collection<SequenceDocument>(MongoCommitSequence.CollectionName);

    public async Task InitializeAsync(CancellationToken ct)
    {
        await MongoCommitSequence.EnsureAsync(storage.Database, [MatchSequence, ViewSequence, MatchChangeSequence], ct);
        await MongoCommitSequence.BackfillAsync(storage.Database, MatchesCollection, MatchSequence, ct);
        await MongoIndexes.EnsureAsync(MatchDocs, MatchIndexes, ct);
        await MongoIndexes.EnsureAsync(NeedViewDocs, [NeedViewSequenceIndex], ct);
        await MongoIndexes.EnsureAsync(PledgeViewDocs, [PledgeViewSequenceIndex], ct);
        await MongoIndexes.EnsureAsync(ReleaseDocs, [ReleaseSequenceIndex], ct);
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
        UpsertIfNewerAsync(NeedViewDocs, OlderNeedView(need), sequence => NeedViewDocument.From(need, sequence), ct);

    public Task<bool> UpsertPledgeAsync(PledgeView pledge, CancellationToken ct) =>
        UpsertIfNewerAsync(PledgeViewDocs, OlderPledgeView(pledge), sequence => PledgeViewDocument.From(pledge, sequence), ct);

    // The view takes the next view sequence in the same transaction as its write: concurrent writers conflict on the
    // counter document, so the driver retries one of them and sequences commit in order (a round that read sequence
    // N has seen every view written with a sequence up to N). A refused (older) view rolls its increment back.
    private async Task<bool> UpsertIfNewerAsync<T>(IMongoCollection<T> collection, FilterDefinition<T> older, Func<long, T> document,
        CancellationToken ct)
    {
        try
        {
            return await storage.InTransactionAsync(async (session, token) =>
            {
                var sequence = await MongoCommitSequence.NextAsync(storage.Database, session, ViewSequence, 1, token);
                var result = await collection.ReplaceOneAsync(session, older, document(sequence), Upsert, token);
                return result.ModifiedCount == 1 || result.UpsertedId is not null;
            }, ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // The id exists with an equal or newer version, so the filter matched nothing and the insert collided.
            return false;
        }
    }

    public Task<RoundInput> LoadRoundInputAsync(CancellationToken ct) => LoadAsync(null, ct);

    public Task<RoundInput> LoadRoundChangesAsync(long viewsAfter, long matchesAfter, CancellationToken ct) =>
        LoadAsync((viewsAfter, matchesAfter), ct);

    private Task<RoundInput> LoadAsync((long Views, long Matches)? after, CancellationToken ct) =>
        storage.InSnapshotAsync(async (session, token) =>
        {
            var needs = await NeedViewDocs.Find(session, after is { } n ? NeedViewsChangedAfter(n.Views) : FilterDefinition<NeedViewDocument>.Empty)
                .Sort(Builders<NeedViewDocument>.Sort.Ascending(d => d.Id)).ToListAsync(token);
            var pledges = await PledgeViewDocs.Find(session, after is { } p ? PledgeViewsChangedAfter(p.Views) : FilterDefinition<PledgeViewDocument>.Empty)
                .Sort(Builders<PledgeViewDocument>.Sort.Ascending(d => d.Id)).ToListAsync(token);
            var viewSequence = await SequenceDocs.Find(session, MongoCommitSequence.Named(ViewSequence)).FirstOrDefaultAsync(token);
            var matchSequence = await SequenceDocs.Find(session, MongoCommitSequence.Named(MatchChangeSequence)).FirstOrDefaultAsync(token);
            var fx = await FxDocs.Find(session, FilterDefinition<FxRateDocument>.Empty).ToListAsync(token);
            List<Match> open;
            IEnumerable<(string, string)> rejected;
            IReadOnlyList<string> closed = [];
            if (after is { } since)
            {
                var written = (await MatchDocs.Find(session, MatchesChangedAfter(since.Matches)).Sort(ChangeOrder).ToListAsync(token))
                    .Select(m => m.ToMatch()).ToList();
                open = [.. written.Where(m => MatchStatus.IsOpen(m.Status))];
                closed = [.. written.Where(m => !MatchStatus.IsOpen(m.Status)).Select(m => m.Id)];
                rejected = written.Where(m => m.Status == MatchStatus.Rejected).Select(m => (m.NeedId, m.PledgeId));
            }
            else
            {
                open = [.. (await MatchDocs.Find(session, Open).Sort(IdOrder).ToListAsync(token)).Select(m => m.ToMatch())];
                rejected = (await MatchDocs.Find(session, Rejected).Project(d => new { d.NeedId, d.PledgeId }).ToListAsync(token))
                    .Select(r => (r.NeedId, r.PledgeId));
            }
            var releases = await ReleaseDocs.Find(session, after is { } r ? ReleasesChangedAfter(r.Matches) : FilterDefinition<MatchReleaseDocument>.Empty)
                .ToListAsync(token);
            return new RoundInput([.. needs.Select(n => n.ToView())], [.. pledges.Select(p => p.ToView())],
                open, fx.Select(r => r.ToRate()).ToDictionary(r => r.Currency),
                rejected.ToHashSet(), releases.Select(r => r.ToRelease()).ToDictionary(r => r.MatchId))
            {
                ViewSequence = viewSequence?.Value ?? 0,
                MatchSequence = matchSequence?.Value ?? 0,
                ClosedMatchIds = closed,
            };
        }, ct);

    /// <summary>One number of the match change sequence for the session's transaction (every write it makes carries it).</summary>
    private Task<long> NextChangeAsync(IClientSessionHandle session, CancellationToken ct) =>
        MongoCommitSequence.NextAsync(storage.Database, session, MatchChangeSequence, 1, ct);

    public async Task RecordReleaseAsync(MatchRelease release, CancellationToken ct)
    {
        try
        {
            // A duplicate aborts the transaction, so its sequence number is never seen.
            await storage.InTransactionAsync(async (session, token) =>
            {
                await ReleaseDocs.InsertOneAsync(session, MatchReleaseDocument.From(release, await NextChangeAsync(session, token)), cancellationToken: token);
                return true;
            }, ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // Recorded by an earlier delivery: a flow is released once.
        }
    }

    public Task SupersedeProposalsAsync(IReadOnlyList<string> ids, long fencingToken, CancellationToken ct) =>
        FencedWriteAsync(fencingToken, async (session, token) =>
        {
            if (ids.Count == 0) return;
            var change = await NextChangeAsync(session, token);
            await MatchDocs.BulkWriteAsync(session,
                ids.Select(id => new UpdateOneModel<MatchDocument>(InStatus(id, MatchStatus.Proposed), Supersede(change))), cancellationToken: token);
        }, ct);

    public async Task AddProposalsAsync(IReadOnlyList<Match> matches, long fencingToken, CancellationToken ct)
    {
        await FencedWriteAsync(fencingToken, async (session, token) =>
        {
            if (matches.Count == 0) return;
            var first = await MongoCommitSequence.NextAsync(storage.Database, session, MatchSequence, matches.Count, token);
            var change = await NextChangeAsync(session, token);
            var result = await MatchDocs.BulkWriteAsync(session, matches.Select((m, i) => new UpdateOneModel<MatchDocument>(ById(m.Id),
                InsertIfAbsent(MatchDocument.From(m) with { Seq = first + i, ChangeSeq = change })) { IsUpsert = true }), cancellationToken: token);
            // Only the proposals this write inserted announce themselves (a chunk written again upserts nothing).
            foreach (var inserted in result.Upserts.OrderBy(u => u.Index))
            {
                var match = matches[inserted.Index];
                await outbox.EnqueueAsync(session, MatchEvents.Proposed(match), match.ProposedAt, token);
            }
        }, ct);
        if (matches.Count > 0) signal.Notify();
    }

    public async Task CompleteRoundAsync(RoundRecord round, object roundEvent, long fencingToken, CancellationToken ct)
    {
        await FencedWriteAsync(fencingToken, async (session, token) =>
        {
            await storage.Collection<RoundDocument>(RoundsCollection).InsertOneAsync(session, RoundDocument.From(round), cancellationToken: token);
            await outbox.EnqueueAsync(session, roundEvent, round.CompletedAt, token);
        }, ct);
        signal.Notify();
    }

    /// <summary>
    /// One transaction that first increments the lease's fenced-write count, filtered on the token: a
    /// stale token matches nothing and the write is refused; a takeover committing meanwhile writes the
    /// same document, so one of the two transactions fails with a write conflict and cannot commit
    /// beside the other (a read of the token alone could not prevent that).
    /// </summary>
    private Task FencedWriteAsync(long fencingToken, Func<IClientSessionHandle, CancellationToken, Task> write, CancellationToken ct) =>
        storage.InTransactionAsync(async (session, token) =>
        {
            var fence = await LeaseDocs.UpdateOneAsync(session, Fenced(fencingToken), CountFencedWrite, cancellationToken: token);
            if (fence.MatchedCount == 0) throw new StaleSolverLeaseException(fencingToken);
            await write(session, token);
            return true;
        }, ct);

    public async Task<Match?> GetMatchAsync(string id, CancellationToken ct) =>
        (await MatchDocs.Find(ById(id)).FirstOrDefaultAsync(ct))?.ToMatch();

    public async Task<Page<Match>> ListMatchesAsync(MatchFilter filter, int pageSize, MatchCursor? after, CancellationToken ct)
    {
        var rows = await MatchDocs.Find(ListFilter(filter, after)).Sort(ListOrder(filter.Order)).Limit(pageSize + 1).ToListAsync(ct);
        return Page<Match>.FromRows([.. rows.Select(m => (m.ToMatch(), m.Seq))], pageSize, (m, seq) => MatchCursor.Write(filter, m, seq));
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

    public Task<bool> TransitionAsync(string matchId, string from, string to, string? decidedBy, DateTimeOffset? decidedAt,
        CancellationToken ct) =>
        storage.InTransactionAsync(async (session, token) =>
            (await MatchDocs.UpdateOneAsync(session, InStatus(matchId, from), Transition(to, decidedBy, decidedAt, await NextChangeAsync(session, token)),
                cancellationToken: token)).ModifiedCount == 1, ct);

    public Task<bool> SettleDecisionAsync(Match decided, string from, object @event, AuditEntry entry, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
            (await MatchDocs.UpdateOneAsync(session, InStatus(decided.Id, from), Settle(decided, await NextChangeAsync(session, token)),
                cancellationToken: token)).ModifiedCount == 1,
            @event, entry, ct);

    /// <summary>
    /// An upsert filtered on "expired or ours": when another owner holds a live lease the filter matches
    /// nothing and the upsert's insert collides on <c>_id</c>, which is the refusal. The same atomic update
    /// sets the fencing token (<see cref="MongoMatchingQueries.TakeLease"/>), which it returns.
    /// </summary>
    public async Task<long?> TryAcquireSolverLeaseAsync(string owner, DateTimeOffset now, TimeSpan ttl, CancellationToken ct)
    {
        try
        {
            var lease = await LeaseDocs.FindOneAndUpdateAsync(SolverLeaseAvailable(owner, now), TakeLease(owner, now + ttl),
                new FindOneAndUpdateOptions<LeaseDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After }, ct);
            return lease.Token;
        }
        catch (MongoException ex) when (ex is MongoCommandException { Code: DuplicateKeyCode }
            or MongoWriteException { WriteError.Category: ServerErrorCategory.DuplicateKey })
        {
            // findAndModify reports the upsert's collision as a command error.
            return null;
        }
    }

    public Task ReleaseSolverLeaseAsync(string owner, CancellationToken ct) => LeaseDocs.UpdateOneAsync(SolverLeaseHeldBy(owner), FreeLease, cancellationToken: ct);

    public async Task<IReadOnlyList<Match>> ListInFlightApprovalsAsync(DateTimeOffset claimedBefore, CancellationToken ct)
    {
        var rows = await MatchDocs.Find(InFlightSince(claimedBefore)).Sort(IdOrder).ToListAsync(ct);
        return [.. rows.Select(m => m.ToMatch())];
    }
}
