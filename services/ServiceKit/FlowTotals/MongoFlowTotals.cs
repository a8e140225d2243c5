using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.FlowTotals;

/// <summary>
/// The money-trail view in MongoDB (collection <c>flow_totals</c>). An upsert replaces only an older
/// version; an equal or newer stored version makes the upsert's insert collide on <c>_id</c>, read as
/// "unchanged". Sums are an aggregation grouped by entity, served by the <c>{entityId}</c> index.
/// </summary>
public sealed class MongoFlowTotals(MongoStorage storage) : IFlowTotals, IMongoStoreSetup
{
    public const string CollectionName = "flow_totals";

    private static readonly FilterDefinitionBuilder<FlowTotalsDocument> Filter = Builders<FlowTotalsDocument>.Filter;

    public static readonly CreateIndexModel<FlowTotalsDocument> EntityIndex =
        new(Builders<FlowTotalsDocument>.IndexKeys.Ascending(d => d.EntityId), new CreateIndexOptions { Name = "ix_flow_totals_entity" });

    static MongoFlowTotals() => MongoSerialization.EnsureConfigured();

    private IMongoCollection<FlowTotalsDocument> Totals => storage.Collection<FlowTotalsDocument>(CollectionName);

    public static FilterDefinition<FlowTotalsDocument> Older(string flowId, long version) =>
        Filter.Eq(d => d.Id, flowId) & Filter.Lt(d => d.Version, version);

    public static FilterDefinition<FlowTotalsDocument> OfEntities(IEnumerable<string> entityIds) => Filter.In(d => d.EntityId, entityIds);

    public Task InitializeAsync(CancellationToken ct) => MongoIndexes.EnsureAsync(Totals, [EntityIndex], ct);

    public async Task<bool> UpsertAsync(string flowId, string entityId, long committedMinor, long disbursedMinor, long version, CancellationToken ct)
    {
        try
        {
            var result = await Totals.ReplaceOneAsync(Older(flowId, version),
                new FlowTotalsDocument(flowId, entityId, committedMinor, disbursedMinor, version), new ReplaceOptions { IsUpsert = true }, ct);
            return result.ModifiedCount == 1 || result.UpsertedId is not null;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public Task<IReadOnlyDictionary<string, TrailTotals>> SumAsync(IReadOnlyCollection<string> entityIds, CancellationToken ct) =>
        entityIds.Count == 0
            ? Task.FromResult<IReadOnlyDictionary<string, TrailTotals>>(new Dictionary<string, TrailTotals>())
            : SumWhereAsync(OfEntities(entityIds), ct);

    public Task<IReadOnlyDictionary<string, TrailTotals>> SumAllAsync(CancellationToken ct) => SumWhereAsync(Filter.Empty, ct);

    private async Task<IReadOnlyDictionary<string, TrailTotals>> SumWhereAsync(FilterDefinition<FlowTotalsDocument> filter, CancellationToken ct)
    {
        var groups = await Totals.Aggregate().Match(filter)
            .Group(d => d.EntityId, g => new { EntityId = g.Key, Committed = g.Sum(d => d.CommittedMinor), Disbursed = g.Sum(d => d.DisbursedMinor) })
            .ToListAsync(ct);
        return groups.ToDictionary(g => g.EntityId, g => new TrailTotals(g.Committed, g.Disbursed));
    }
}
