using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Pledges.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;
using MongoDB.Driver;

namespace Marketplace.Pledges.Persistence;

/// <summary>
/// The pledges store in MongoDB (<c>Storage:Provider=Mongo</c>): collections <c>pledges</c> and
/// <c>allocations</c> (the commitment ledger) beside the shared <c>outbox</c> and <c>audit</c>. Every
/// write is one transaction with its event and audit entry; replaces are conditional on the version.
/// </summary>
public sealed class MongoPledgeStore(MongoStorage storage, MongoChangeWriter writer, MongoCommitmentLedger ledger, MongoAuditTrail audit,
    TimeProvider clock) : IPledgeStore, IMongoStoreSetup
{
    public const string CollectionName = "pledges";

    public static readonly MongoLedger Allocations = new(CollectionName, "allocatedMinor", PledgeStatus.Open,
        PledgeStatus.PartiallyAllocated, PledgeStatus.FullyAllocated, "allocations");

    private static readonly FilterDefinitionBuilder<PledgeDocument> Filter = Builders<PledgeDocument>.Filter;
    private static readonly IndexKeysDefinitionBuilder<PledgeDocument> Keys = Builders<PledgeDocument>.IndexKeys;

    /// <summary>The earmark indexes are multikey: they serve both "contains X" and "is the empty array".</summary>
    public static readonly IReadOnlyList<CreateIndexModel<PledgeDocument>> Indexes =
    [
        new(Keys.Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_pledges_seq" }),
        new(Keys.Ascending(d => d.Donor).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_pledges_donor" }),
        new(Keys.Ascending(d => d.Status).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_pledges_status" }),
        new(Keys.Ascending(d => d.Instrument).Ascending(d => d.Seq), new CreateIndexOptions { Name = "ix_pledges_instrument" }),
        new(Keys.Ascending(d => d.Countries), new CreateIndexOptions { Name = "ix_pledges_countries" }),
        new(Keys.Ascending(d => d.Sectors), new CreateIndexOptions { Name = "ix_pledges_sectors" }),
    ];

    static MongoPledgeStore() => MongoSerialization.EnsureConfigured();

    private IMongoCollection<PledgeDocument> Pledges => storage.Collection<PledgeDocument>(CollectionName);

    public static FilterDefinition<PledgeDocument> ById(string id) => Filter.Eq(d => d.Id, id);

    public static FilterDefinition<PledgeDocument> AtVersion(string id, long version) => ById(id) & Filter.Eq(d => d.Version, version);

    /// <summary>Country and sector select pledges that can fund them: earmarked for them, or not earmarked (empty array).</summary>
    public static FilterDefinition<PledgeDocument> ListFilter(PledgeFilter f, long? afterSeq)
    {
        var filter = Filter.Empty;
        if (f.Donor is not null) filter &= Filter.Eq(d => d.Donor, f.Donor);
        if (f.Instrument is not null) filter &= Filter.Eq(d => d.Instrument, f.Instrument);
        if (f.Status is not null) filter &= Filter.Eq(d => d.Status, f.Status);
        if (f.Country is not null) filter &= Filter.AnyEq(d => d.Countries, f.Country) | Filter.Eq(d => d.Countries, []);
        if (f.Sector is not null) filter &= Filter.AnyEq(d => d.Sectors, f.Sector) | Filter.Eq(d => d.Sectors, []);
        if (afterSeq is { } after) filter &= Filter.Gt(d => d.Seq, after);
        return filter;
    }

    public static SortDefinition<PledgeDocument> IdOrder => Builders<PledgeDocument>.Sort.Ascending(d => d.Id);

    /// <summary>The list order: commit order (<see cref="MongoCommitSequence"/>).</summary>
    public static SortDefinition<PledgeDocument> CommitOrder => Builders<PledgeDocument>.Sort.Ascending(d => d.Seq);

    public async Task InitializeAsync(CancellationToken ct)
    {
        await MongoCommitSequence.EnsureAsync(storage.Database, [CollectionName], ct);
        await MongoCommitSequence.BackfillAsync(storage.Database, CollectionName, CollectionName, ct);
        await MongoIndexes.EnsureAsync(Pledges, Indexes, ct);
    }

    public Task InsertAsync(PledgeChange change, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
        {
            var seq = await MongoCommitSequence.NextAsync(storage.Database, session, CollectionName, 1, token);
            await Pledges.InsertOneAsync(session, PledgeDocument.From(change.Pledge) with { Seq = seq }, cancellationToken: token);
            return true;
        }, change.Event, change.Audit, ct);

    public Task<bool> ReplaceAsync(PledgeChange change, long expectedVersion, CancellationToken ct) =>
        writer.WriteAsync(async (session, token) =>
        {
            var result = await Pledges.UpdateOneAsync(session, AtVersion(change.Pledge.Id, expectedVersion),
                MongoCommitSequence.ReplaceKeepingSeq(PledgeDocument.From(change.Pledge)), cancellationToken: token);
            return result.MatchedCount == 1;
        }, change.Event, change.Audit, ct);

    public async Task<Pledge?> GetAsync(string id, CancellationToken ct) =>
        (await Pledges.Find(ById(id)).FirstOrDefaultAsync(ct))?.ToPledge();

    public async Task<Page<Pledge>> ListAsync(PledgeFilter filter, int pageSize, string? after, CancellationToken ct)
    {
        var rows = await Pledges.Find(ListFilter(filter, PageToken.Sequence(after))).Sort(CommitOrder).Limit(pageSize + 1).ToListAsync(ct);
        return Page<Pledge>.FromRows([.. rows.Select(d => (d.ToPledge(), d.Seq))], pageSize);
    }

    public async IAsyncEnumerable<Pledge> StreamAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var cursor = await Pledges.Find(Filter.Empty).Sort(IdOrder).ToCursorAsync(ct);
        while (await cursor.MoveNextAsync(ct))
        {
            foreach (var document in cursor.Current) yield return document.ToPledge();
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) => audit.ListAsync(entityId, ct);

    public Task<CommitmentResult> ReserveAllocationAsync(string matchId, string pledgeId, Money amount, Caller decidedBy, CancellationToken ct) =>
        ledger.CommitAsync<PledgeDocument>(Allocations, matchId, pledgeId, amount.Minor, amount.Currency, clock.GetUtcNow(),
            (after, action) => DescribeAllocation(after.ToPledge(), matchId, amount, decidedBy, action), ct);

    public Task<CommitmentResult> ReleaseAllocationAsync(string matchId, string pledgeId, Money? keep, Caller decidedBy, CancellationToken ct) =>
        ledger.ReleaseAsync<PledgeDocument>(Allocations, matchId, pledgeId, keep?.Minor ?? 0, clock.GetUtcNow(),
            (after, action) => DescribeAllocation(after.ToPledge(), matchId, null, decidedBy, action), ct);

    private static (object Event, AuditEntry Audit) DescribeAllocation(Pledge pledge, string matchId, Money? amount, Caller decidedBy,
        string action)
    {
        var details = new JsonObject
        {
            ["matchId"] = matchId,
            ["amount"] = amount is { } a ? MoneyJson.From(a) : null,
            ["allocated"] = MoneyJson.From(pledge.Allocated),
            ["status"] = pledge.Status,
        };
        var audit = AuditEntry.By(decidedBy, pledge.UpdatedAt, $"pledge.allocation-{action}", pledge.Id, details);
        return (new Contracts.PledgeAllocationChanged(pledge.ToSnapshot()), audit);
    }
}
