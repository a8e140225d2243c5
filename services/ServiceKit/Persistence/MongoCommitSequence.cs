using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Numbers in commit order, for MongoDB. A writer takes its numbers by incrementing the sequence's counter
/// document inside its own transaction. Two transactions that both increment the counter meet as a write
/// conflict: the later one is aborted and retried by the driver, and its retry can only succeed on a
/// snapshot that includes the earlier one's commit. So a higher number always commits after a lower one,
/// and a reader that sees number n sees every number below it: a cursor on the number never skips an item
/// committed later, unlike an id minted before the write, which a slower concurrent writer can commit below
/// a cursor already handed out. The price is that the writers of one sequence commit one at a time.
/// </summary>
public static class MongoCommitSequence
{
    public const string CollectionName = "sequences";

    public static FilterDefinition<SequenceDocument> Named(string name) => Builders<SequenceDocument>.Filter.Eq(d => d.Id, name);

    public static UpdateDefinition<SequenceDocument> Advance(int count) => Builders<SequenceDocument>.Update.Inc(d => d.Value, (long)count);

    /// <summary>Takes <paramref name="count"/> consecutive numbers in the session's transaction; returns the first.</summary>
    public static async Task<long> NextAsync(IMongoDatabase database, IClientSessionHandle session, string name, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var counter = await database.GetCollection<SequenceDocument>(CollectionName).FindOneAndUpdateAsync(session, Named(name), Advance(count),
            new FindOneAndUpdateOptions<SequenceDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After }, ct);
        return counter.Value - count + 1;
    }

    /// <summary>
    /// Numbers the documents of <paramref name="collection"/> written before it had a commit sequence (or by
    /// a replica of an older version during a rolling deploy), in <c>_id</c> order, from the sequence's
    /// counter, a thousand at a time. Run at start after <see cref="EnsureAsync"/>; replicas starting
    /// together take disjoint blocks, and each update is filtered on the number still missing. The
    /// <c>seq</c> indexes are not unique for that reason: the counter makes numbers unique, and a unique
    /// index would refuse a second unnumbered document of an older replica.
    /// </summary>
    public static async Task BackfillAsync(IMongoDatabase database, string collectionName, string name, CancellationToken ct)
    {
        var documents = database.GetCollection<BsonDocument>(collectionName);
        var counters = database.GetCollection<SequenceDocument>(CollectionName);
        var unnumbered = Builders<BsonDocument>.Filter.Exists("seq", false);
        while (true)
        {
            var ids = await documents.Find(unnumbered).Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Limit(1_000)
                .Project(Builders<BsonDocument>.Projection.Include("_id")).ToListAsync(ct);
            if (ids.Count == 0) return;
            var counter = await counters.FindOneAndUpdateAsync(Named(name), Advance(ids.Count),
                new FindOneAndUpdateOptions<SequenceDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After }, ct);
            var first = counter.Value - ids.Count + 1;
            await documents.BulkWriteAsync(ids.Select((d, i) => new UpdateOneModel<BsonDocument>(
                Builders<BsonDocument>.Filter.Eq("_id", d["_id"]) & unnumbered, Builders<BsonDocument>.Update.Set("seq", first + i))),
                new BulkWriteOptions { IsOrdered = false }, ct);
        }
    }

    /// <summary>
    /// A whole-document replacement that keeps the stored <c>seq</c>: a <c>$set</c> of every field but
    /// <c>_id</c>, <c>seq</c> (a replaceOne would overwrite the number an item was listed under) and
    /// <paramref name="alsoKept"/>, fields that have writers of their own.
    /// </summary>
    public static UpdateDefinition<T> ReplaceKeepingSeq<T>(T document, params string[] alsoKept)
    {
        var fields = document.ToBsonDocument();
        fields.Remove("_id");
        fields.Remove("seq");
        foreach (var field in alsoKept) fields.Remove(field);
        return new BsonDocumentUpdateDefinition<T>(new BsonDocument("$set", fields));
    }

    /// <summary>
    /// Creates the counters at start, outside any transaction: two transactions that both upsert a missing
    /// counter would collide on its <c>_id</c>, an error the driver does not retry.
    /// </summary>
    public static async Task EnsureAsync(IMongoDatabase database, IEnumerable<string> names, CancellationToken ct)
    {
        var counters = database.GetCollection<SequenceDocument>(CollectionName);
        foreach (var name in names)
        {
            try
            {
                await counters.UpdateOneAsync(Named(name), Builders<SequenceDocument>.Update.SetOnInsert(d => d.Value, 0L),
                    new UpdateOptions { IsUpsert = true }, ct);
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                // Another replica created it at the same moment.
            }
        }
    }
}
