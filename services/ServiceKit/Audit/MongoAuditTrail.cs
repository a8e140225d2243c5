using System.Text.Json.Nodes;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Audit;

/// <summary>
/// The audit collection of a service's MongoDB database. Entries are inserted in the transaction of the
/// change they describe, so the trail can never disagree with the data.
/// </summary>
public sealed class MongoAuditTrail
{
    public const string CollectionName = "audit";

    public static readonly IReadOnlyList<CreateIndexModel<AuditDocument>> Indexes =
    [
        new(Builders<AuditDocument>.IndexKeys.Ascending(d => d.EntityId).Ascending(d => d.At).Ascending(d => d.Id),
            new CreateIndexOptions { Name = "ix_audit_entity" }),
    ];

    private static readonly JsonWriterSettings RelaxedJson = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson };

    private readonly IMongoCollection<AuditDocument> _collection;

    static MongoAuditTrail() => MongoSerialization.EnsureConfigured();

    public MongoAuditTrail(MongoStorage storage) => _collection = storage.Collection<AuditDocument>(CollectionName);

    public static FilterDefinition<AuditDocument> OfEntity(string entityId) => Builders<AuditDocument>.Filter.Eq(d => d.EntityId, entityId);

    public static SortDefinition<AuditDocument> WrittenOrder => Builders<AuditDocument>.Sort.Ascending(d => d.At).Ascending(d => d.Id);

    public static AuditDocument ToDocument(AuditEntry entry) => new(ObjectId.GenerateNewId(), entry.At, entry.Actor, entry.ActorName,
        entry.Org, entry.Action, entry.EntityId, BsonDocument.Parse(entry.Details.ToJsonString()));

    public static AuditEntry FromDocument(AuditDocument d) =>
        new(d.At, d.Actor, d.ActorName ?? d.Actor, d.Org, d.Action, d.EntityId, JsonNode.Parse(d.Details.ToJson(RelaxedJson))!.AsObject());

    public Task AppendAsync(IClientSessionHandle session, AuditEntry entry, CancellationToken ct) =>
        _collection.InsertOneAsync(session, ToDocument(entry), cancellationToken: ct);

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string entityId, CancellationToken ct)
    {
        var documents = await _collection.Find(OfEntity(entityId)).Sort(WrittenOrder).ToListAsync(ct);
        return [.. documents.Select(FromDocument)];
    }

    public Task CreateIndexesAsync(CancellationToken ct) => MongoIndexes.EnsureAsync(_collection, Indexes, ct);
}
