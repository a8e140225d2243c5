using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Names one capacity in MongoDB: the entity collection and its used field (a need's funded amount, a
/// pledge's allocated amount), the status words of its lifecycle and the ledger collection. The entity
/// documents carry <c>amountMinor</c>, <c>currency</c>, <c>withdrawn</c>, <c>status</c>, <c>version</c>
/// and <c>updatedAt</c>. The filters and updates are public so that tests can check their rendering.
/// </summary>
public sealed record MongoLedger(string EntityCollection, string UsedField, string OpenStatus, string PartialStatus, string FullStatus,
    string LedgerCollection)
{
    private string Used => "$" + UsedField;

    /// <summary>Matches only when the commitment fits: <c>used + x ≤ amount</c>, same currency, not withdrawn.</summary>
    public FilterDefinition<T> CommitFilter<T>(string entityId, long amountMinor, string currency) => new BsonDocument
    {
        { "_id", entityId },
        { "currency", currency },
        { "withdrawn", false },
        { "$expr", new BsonDocument("$lte", new BsonArray { new BsonDocument("$add", new BsonArray { Used, amountMinor }), "$amountMinor" }) },
    };

    /// <summary>Adds the amount and derives the status from the new total, in the same atomic write.</summary>
    public UpdateDefinition<T> CommitUpdate<T>(long amountMinor, DateTimeOffset now) => PipelineOf<T>(
        new BsonDocument("$set", new BsonDocument
        {
            { UsedField, new BsonDocument("$add", new BsonArray { Used, amountMinor }) },
            { "version", new BsonDocument("$add", new BsonArray { "$version", 1L }) },
            { "updatedAt", new BsonDateTime(now.UtcDateTime) },
        }),
        new BsonDocument("$set", new BsonDocument("status", new BsonDocument("$cond", new BsonArray
        {
            new BsonDocument("$gte", new BsonArray { Used, "$amountMinor" }), FullStatus, PartialStatus,
        }))));

    public FilterDefinition<T> ReleaseFilter<T>(string entityId) => new BsonDocument("_id", entityId);

    /// <summary>Takes the amount back; a withdrawn entity keeps its status.</summary>
    public UpdateDefinition<T> ReleaseUpdate<T>(long amountMinor, DateTimeOffset now) => PipelineOf<T>(
        new BsonDocument("$set", new BsonDocument
        {
            { UsedField, new BsonDocument("$subtract", new BsonArray { Used, amountMinor }) },
            { "version", new BsonDocument("$add", new BsonArray { "$version", 1L }) },
            { "updatedAt", new BsonDateTime(now.UtcDateTime) },
        }),
        new BsonDocument("$set", new BsonDocument("status", new BsonDocument("$cond", new BsonArray
        {
            "$withdrawn", "$status",
            new BsonDocument("$cond", new BsonArray { new BsonDocument("$lte", new BsonArray { Used, 0L }), OpenStatus, PartialStatus }),
        }))));

    /// <summary>Marks a committed entry released; matching nothing means another call released it first.</summary>
    public static FilterDefinition<LedgerEntryDocument> CommittedEntry(string matchId) =>
        Builders<LedgerEntryDocument>.Filter.Eq(e => e.Id, matchId) & Builders<LedgerEntryDocument>.Filter.Eq(e => e.State, LedgerEntryDocument.Committed);

    /// <summary>A released entry keeps as its amount what stays counted: 0, or the disbursed part of a cancelled flow.</summary>
    public static UpdateDefinition<LedgerEntryDocument> MarkReleased(long keepMinor, DateTimeOffset now) =>
        Builders<LedgerEntryDocument>.Update.Set(e => e.State, LedgerEntryDocument.Released).Set(e => e.AmountMinor, keepMinor).Set(e => e.At, now);

    private static PipelineUpdateDefinition<T> PipelineOf<T>(params BsonDocument[] stages) =>
        new(new BsonDocumentStagePipelineDefinition<T, T>(stages));
}
