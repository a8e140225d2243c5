using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Needs.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.Needs.Persistence;

/// <summary>
/// The needs store in MongoDB (<c>Storage:Provider=Mongo</c>): collections <c>needs</c> and
/// <c>fundings</c> (the commitment ledger) beside the shared <c>outbox</c> and <c>audit</c>. Every write
/// is one transaction with its event and audit entry; replaces are conditional on the version.
/// </summary>
public sealed class MongoNeedStore(MongoStorage storage, MongoChangeWriter writer, MongoCommitmentLedger ledger, MongoAuditTrail audit,
    TimeProvider clock) : INeedStore, IMongoStoreSetup
{
    public const string CollectionName = "needs";

    public static readonly MongoLedger Fundings =
        new(CollectionName, "fundedMinor", NeedStatus.Open, NeedStatus.PartiallyFunded, NeedStatus.Funded, "fundings");

    private static readonly FilterDefinitionBuilder<NeedDocument> Filter = Builders<NeedDocument>.Filter;
    private static readonly IndexKeysDefinitionBuilder<NeedDocument> Keys = Builders<NeedDocument>.IndexKeys;

    /// <summary>Each list filter has an index that also serves the id order of the page.</summary>
    public static readonly IReadOnlyList<CreateIndexModel<NeedDocument>> Indexes =
    [
        new(Keys.Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_needs_seq" }),
        new(Keys.Ascending(d => d.Country).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_needs_country" }),
        new(Keys.Ascending(d => d.Status).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_needs_status" }),
        new(Keys.Ascending(d => d.Sector).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_needs_sector" }),
    ];

    static MongoNeedStore() => MongoSerialization.EnsureConfigured();

    private IMongoCollection<NeedDocument> Needs => storage.Collection<NeedDocument>(CollectionName);

    public static FilterDefinition<NeedDocument> ById(string id) => Filter.Eq(d => d.Id, id);

    public static FilterDefinition<NeedDocument> AtVersion(string id, long version) => ById(id) & Filter.Eq(d => d.Version, version);

    public static FilterDefinition<NeedDocument> ListFilter(NeedFilter f, long? afterSeq)
    {
        var filter = Filter.Empty;
        if (f.Country is not null) filter &= Filter.Eq(d => d.Country, f.Country);
        if (f.Sector is not null) filter &= Filter.Eq(d => d.Sector, f.Sector);
        if (f.Status is not null) filter &= Filter.Eq(d => d.Status, f.Status);
        if (afterSeq is { } after) filter &= Filter.Gt(d => d.Seq, after);
        return filter;
    }

    public static SortDefinition<NeedDocument> IdOrder => Builders<NeedDocument>.Sort.Ascending(d => d.Id);

    /// <summary>The list order: commit order (<see cref="MongoCommitSequence"/>).</summary>
    public static SortDefinition<NeedDocument> CommitOrder => Builders<NeedDocument>.Sort.Ascending(d => d.Seq);

    public async Task InitializeAsync(CancellationToken ct)
    {
        await MongoCommitSequence.EnsureAsync(storage.Database, [CollectionName], ct);
        await MongoCommitSequence.BackfillAsync(storage.Database, CollectionName, CollectionName, ct);
        await MongoIndexes.EnsureAsync(Needs, Indexes, ct);
    }

    public Task InsertAsync(NeedChange change, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
        {
            var seq = await MongoCommitSequence.NextAsync(storage.Database, session, CollectionName, 1, token);
            await Needs.InsertOneAsync(session, NeedDocument.From(change.Need) with { Seq = seq }, cancellationToken: token);
            return true;
        }, change.Event, change.Audit, ct);

    public Task<bool> ReplaceAsync(NeedChange change, long expectedVersion, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
        {
            var result = await Needs.UpdateOneAsync(session, AtVersion(change.Need.Id, expectedVersion), SetAllFields(change.Need),
                cancellationToken: token);
            return result.MatchedCount == 1;
        }, change.Event, change.Audit, ct);

    public Task<bool> ReferIfDueAsync(NeedChange change, long expectedVersion, DateTimeOffset cutoff, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
        {
            var result = await Needs.UpdateOneAsync(session, AtVersion(change.Need.Id, expectedVersion) & DueForReferral(cutoff),
                SetAllFields(change.Need), cancellationToken: token);
            return result.MatchedCount == 1;
        }, change.Event, change.Audit, ct);

    public async Task<IReadOnlyList<Need>> ListDueForReferralAsync(DateTimeOffset cutoff, int limit, CancellationToken ct)
    {
        var rows = await Needs.Find(DueForReferral(cutoff)).Sort(IdOrder).Limit(limit).ToListAsync(ct);
        return [.. rows.Select(d => d.ToNeed())];
    }

    public async Task RecordProposalActivityAsync(IReadOnlyCollection<string> needIds, DateTimeOffset at, CancellationToken ct)
    {
        if (needIds.Count == 0) return;
        await Needs.UpdateManyAsync(Filter.In(d => d.Id, needIds), ProposalActivity(at), cancellationToken: ct);
    }

    /// <summary>Open for funding, not referred, and no proposal since <paramref name="cutoff"/> (served by <c>ix_needs_status</c>).</summary>
    public static FilterDefinition<NeedDocument> DueForReferral(DateTimeOffset cutoff) =>
        Filter.In(d => d.Status, [NeedStatus.Open, NeedStatus.PartiallyFunded])
        & Filter.Eq(d => d.ReferralAt, null)
        & Filter.Lte(d => d.CreatedAt, cutoff)
        & (Filter.Eq(d => d.LastProposalAt, null) | Filter.Lte(d => d.LastProposalAt, cutoff));

    /// <summary><c>$max</c>: a late or redelivered report never moves the time back.</summary>
    public static UpdateDefinition<NeedDocument> ProposalActivity(DateTimeOffset at) => Builders<NeedDocument>.Update.Max(d => d.LastProposalAt, at);

    /// <summary>
    /// Every field of the need except its list number (<c>seq</c>) and <c>lastProposalAt</c>, which only
    /// <see cref="ProposalActivity"/> writes: an edit that read the need before a report arrived must not take the report back.
    /// </summary>
    public static UpdateDefinition<NeedDocument> SetAllFields(Need need) =>
        MongoCommitSequence.ReplaceKeepingSeq(NeedDocument.From(need), "lastProposalAt");

    public async Task<Need?> GetAsync(string id, CancellationToken ct) =>
        (await Needs.Find(ById(id)).FirstOrDefaultAsync(ct))?.ToNeed();

    public async Task<Page<Need>> ListAsync(NeedFilter filter, int pageSize, string? after, CancellationToken ct)
    {
        var rows = await Needs.Find(ListFilter(filter, PageToken.Sequence(after))).Sort(CommitOrder).Limit(pageSize + 1).ToListAsync(ct);
        return Page<Need>.FromRows([.. rows.Select(d => (d.ToNeed(), d.Seq))], pageSize);
    }

    public async IAsyncEnumerable<Need> StreamAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var cursor = await Needs.Find(Filter.Empty).Sort(IdOrder).ToCursorAsync(ct);
        while (await cursor.MoveNextAsync(ct))
        {
            foreach (var document in cursor.Current) yield return document.ToNeed();
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) => audit.ListAsync(entityId, ct);

    public Task<CommitmentResult> CommitFundingAsync(string matchId, string needId, Money amount, Caller decidedBy, CancellationToken ct) =>
        ledger.CommitAsync<NeedDocument>(Fundings, matchId, needId, amount.Minor, amount.Currency, clock.GetUtcNow(),
            (after, action) => DescribeFunding(after.ToNeed(), matchId, amount, decidedBy, action), ct);

    public Task<CommitmentResult> ReleaseFundingAsync(string matchId, string needId, Money? keep, Caller decidedBy, CancellationToken ct) =>
        ledger.ReleaseAsync<NeedDocument>(Fundings, matchId, needId, keep?.Minor ?? 0, clock.GetUtcNow(),
            (after, action) => DescribeFunding(after.ToNeed(), matchId, null, decidedBy, action), ct);

    private static (object Event, AuditEntry Audit) DescribeFunding(Need need, string matchId, Money? amount, Caller decidedBy, string action)
    {
        var details = new JsonObject
        {
            ["matchId"] = matchId,
            ["amount"] = amount is { } a ? MoneyJson.From(a) : null,
            ["funded"] = MoneyJson.From(need.Funded),
            ["status"] = need.Status,
        };
        var audit = AuditEntry.By(decidedBy, need.UpdatedAt, $"need.funding-{action}", need.Id, details);
        return (new Contracts.NeedFundingChanged(need.ToSnapshot()), audit);
    }
}
