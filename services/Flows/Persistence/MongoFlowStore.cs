using Marketplace.Flows.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.Flows.Persistence;

/// <summary>
/// The flows store in MongoDB (<c>Storage:Provider=Mongo</c>): collection <c>flows</c> beside the shared
/// <c>outbox</c> and <c>audit</c>. A flow is inserted by an upsert on its match id (unique index), so a
/// redelivered approval, even concurrently, inserts nothing; replaces are conditional on the version;
/// every write is one transaction with its event and audit entry.
/// </summary>
public sealed class MongoFlowStore(MongoStorage storage, MongoChangeWriter writer, MongoAuditTrail audit) : IFlowStore, IMongoStoreSetup
{
    public const string CollectionName = "flows";

    private static readonly FilterDefinitionBuilder<FlowDocument> Filter = Builders<FlowDocument>.Filter;
    private static readonly IndexKeysDefinitionBuilder<FlowDocument> Keys = Builders<FlowDocument>.IndexKeys;

    /// <summary>The match id is unique; each list filter has an index that also serves the commit order of the page.</summary>
    public static readonly IReadOnlyList<CreateIndexModel<FlowDocument>> Indexes =
    [
        new(Keys.Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_flows_seq" }),
        new(Keys.Ascending(d => d.MatchId), new CreateIndexOptions { Name = "ux_flows_match", Unique = true }),
        new(Keys.Ascending(d => d.Country).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_flows_country" }),
        new(Keys.Ascending(d => d.Donor).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_flows_donor" }),
        new(Keys.Ascending(d => d.NeedId).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_flows_need" }),
        new(Keys.Ascending(d => d.PledgeId).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_flows_pledge" }),
        new(Keys.Ascending(d => d.ReleasePending).Ascending(d => d.Id), new CreateIndexOptions { Name = "ix_flows_release_pending" }),
    ];

    static MongoFlowStore() => MongoSerialization.EnsureConfigured();

    private IMongoCollection<FlowDocument> Flows => storage.Collection<FlowDocument>(CollectionName);

    public static FilterDefinition<FlowDocument> ById(string id) => Filter.Eq(d => d.Id, id);

    public static FilterDefinition<FlowDocument> ByMatch(string matchId) => Filter.Eq(d => d.MatchId, matchId);

    public static FilterDefinition<FlowDocument> AtVersion(string id, long version) => ById(id) & Filter.Eq(d => d.Version, version);

    public static FilterDefinition<FlowDocument> ListFilter(FlowFilter f, long? afterSeq)
    {
        var filter = Filter.Empty;
        if (f.Country is not null) filter &= Filter.Eq(d => d.Country, f.Country);
        if (f.Donor is not null) filter &= Filter.Eq(d => d.Donor, f.Donor);
        if (f.Status is not null) filter &= Filter.Eq(d => d.Status, f.Status);
        if (f.NeedId is not null) filter &= Filter.Eq(d => d.NeedId, f.NeedId);
        if (f.PledgeId is not null) filter &= Filter.Eq(d => d.PledgeId, f.PledgeId);
        if (afterSeq is { } after) filter &= Filter.Gt(d => d.Seq, after);
        return filter;
    }

    public static FilterDefinition<FlowDocument> ReleasePending => Filter.Eq(d => d.ReleasePending, true);

    public static SortDefinition<FlowDocument> IdOrder => Builders<FlowDocument>.Sort.Ascending(d => d.Id);

    /// <summary>The list order: commit order (<see cref="MongoCommitSequence"/>).</summary>
    public static SortDefinition<FlowDocument> CommitOrder => Builders<FlowDocument>.Sort.Ascending(d => d.Seq);

    /// <summary>Writes the whole document only when no flow of the match exists (<c>$setOnInsert</c>).</summary>
    public static UpdateDefinition<FlowDocument> InsertOnly(FlowDocument document) =>
        new MongoDB.Bson.BsonDocument("$setOnInsert", MongoDB.Bson.BsonDocumentWrapper.Create(document));

    public async Task InitializeAsync(CancellationToken ct)
    {
        await MongoCommitSequence.EnsureAsync(storage.Database, [CollectionName], ct);
        await MongoCommitSequence.BackfillAsync(storage.Database, CollectionName, CollectionName, ct);
        await MongoIndexes.EnsureAsync(Flows, Indexes, ct);
    }

    public Task<bool> InsertAsync(FlowChange change, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
        {
            var seq = await MongoCommitSequence.NextAsync(storage.Database, session, CollectionName, 1, token);
            var result = await Flows.UpdateOneAsync(session, ByMatch(change.Flow.MatchId), InsertOnly(FlowDocument.From(change.Flow) with { Seq = seq }),
                new UpdateOptions { IsUpsert = true }, token);
            return result.UpsertedId is not null;
        }, change.Event, change.Audit, ct);

    public Task<bool> ReplaceAsync(FlowChange change, long expectedVersion, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
        {
            var result = await Flows.UpdateOneAsync(session, AtVersion(change.Flow.Id, expectedVersion),
                MongoCommitSequence.ReplaceKeepingSeq(FlowDocument.From(change.Flow)), cancellationToken: token);
            return result.MatchedCount == 1;
        }, change.Event, change.Audit, ct);

    public async Task<Flow?> GetAsync(string id, CancellationToken ct) => (await Flows.Find(ById(id)).FirstOrDefaultAsync(ct))?.ToFlow();

    public async Task<Flow?> GetByMatchAsync(string matchId, CancellationToken ct) =>
        (await Flows.Find(ByMatch(matchId)).FirstOrDefaultAsync(ct))?.ToFlow();

    public async Task<Page<Flow>> ListAsync(FlowFilter filter, int pageSize, string? after, CancellationToken ct)
    {
        var rows = await Flows.Find(ListFilter(filter, PageToken.Sequence(after))).Sort(CommitOrder).Limit(pageSize + 1).ToListAsync(ct);
        return Page<Flow>.FromRows([.. rows.Select(d => (d.ToFlow(), d.Seq))], pageSize);
    }

    public async Task<IReadOnlyList<Flow>> ListReleasePendingAsync(int limit, CancellationToken ct) =>
        [.. (await Flows.Find(ReleasePending).Sort(IdOrder).Limit(limit).ToListAsync(ct)).Select(d => d.ToFlow())];

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) => audit.ListAsync(entityId, ct);
}
