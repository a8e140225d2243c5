using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Brings a collection's indexes to the definitions the code declares, idempotently and safely on every
/// start of every replica. An index is identified by its name: one that exists with the same keys and
/// options is left alone; one whose keys or options changed is dropped and built again (createIndexes
/// with an existing name and other options would fail with IndexOptionsConflict and stop the start).
/// Builds wait for a majority of the replica set's data-bearing voting members (<c>commitQuorum</c>), so a
/// failover right after a start never leaves a primary without the index the queries rely on.
/// </summary>
public static class MongoIndexes
{
    /// <summary>The options of every index build: commit once a majority of the voting members have built it.</summary>
    public static CreateManyIndexesOptions BuildOptions { get; } = new() { CommitQuorum = CreateIndexCommitQuorum.Majority };

    private const int IndexNotFound = 27;

    /// <summary>
    /// The parts of an index definition that matter for its identity, in the form <c>listIndexes</c>
    /// returns them: <c>name</c>, <c>key</c>, and <c>unique</c>, <c>sparse</c>, <c>expireAfterSeconds</c>,
    /// <c>partialFilterExpression</c> when set.
    /// </summary>
    public static BsonDocument Specification<T>(CreateIndexModel<T> model)
    {
        var options = model.Options ?? throw new ArgumentException("Every index must be named.", nameof(model));
        var args = new RenderArgs<T>(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry);
        var spec = new BsonDocument
        {
            { "name", options.Name ?? throw new ArgumentException("Every index must be named.", nameof(model)) },
            { "key", model.Keys.Render(args) },
        };
        if (options.Unique == true) spec["unique"] = true;
        if (options.Sparse == true) spec["sparse"] = true;
        if (options.ExpireAfter is { } expire) spec["expireAfterSeconds"] = (long)expire.TotalSeconds;
        if (options is CreateIndexOptions<T> { PartialFilterExpression: { } partial }) spec["partialFilterExpression"] = partial.Render(args);
        return spec;
    }

    /// <summary>Whether an index as <c>listIndexes</c> reports it has exactly the wanted keys and options.</summary>
    public static bool SameDefinition(BsonDocument existing, BsonDocument wanted)
    {
        if (!SameKeys(existing["key"].AsBsonDocument, wanted["key"].AsBsonDocument)) return false;
        if (Flag(existing, "unique") != Flag(wanted, "unique") || Flag(existing, "sparse") != Flag(wanted, "sparse")) return false;
        if (Seconds(existing) != Seconds(wanted)) return false;
        return existing.GetValue("partialFilterExpression", BsonNull.Value).Equals(wanted.GetValue("partialFilterExpression", BsonNull.Value));
    }

    /// <summary>Which declared indexes to drop (same name, changed definition) and which to build (changed or missing).</summary>
    public static (IReadOnlyList<string> Drop, IReadOnlyList<CreateIndexModel<T>> Build) Plan<T>(
        IReadOnlyList<BsonDocument> existing, IReadOnlyList<CreateIndexModel<T>> wanted)
    {
        var byName = existing.Where(i => i.Contains("name")).ToDictionary(i => i["name"].AsString, StringComparer.Ordinal);
        var drop = new List<string>();
        var build = new List<CreateIndexModel<T>>();
        foreach (var model in wanted)
        {
            var spec = Specification(model);
            if (byName.TryGetValue(spec["name"].AsString, out var current))
            {
                if (SameDefinition(current, spec)) continue;
                drop.Add(spec["name"].AsString);
            }
            build.Add(model);
        }
        return (drop, build);
    }

    public static async Task EnsureAsync<T>(IMongoCollection<T> collection, IReadOnlyList<CreateIndexModel<T>> wanted, CancellationToken ct)
    {
        var existing = await (await collection.Indexes.ListAsync(ct)).ToListAsync(ct);
        var (drop, build) = Plan(existing, wanted);
        foreach (var name in drop)
        {
            try
            {
                await collection.Indexes.DropOneAsync(name, ct);
            }
            catch (MongoCommandException ex) when (ex.Code == IndexNotFound)
            {
                // Another replica starting at the same moment dropped it first.
            }
        }
        if (build.Count > 0) await collection.Indexes.CreateManyAsync(build, BuildOptions, ct);
    }

    private static bool SameKeys(BsonDocument a, BsonDocument b) =>
        a.ElementCount == b.ElementCount && a.Elements.Zip(b.Elements).All(p => p.First.Name == p.Second.Name && SameKeyValue(p.First.Value, p.Second.Value));

    /// <summary>A direction may come back as an int, a long or a double (an index built by the shell); a type ("text", "2dsphere") as a string.</summary>
    private static bool SameKeyValue(BsonValue a, BsonValue b) =>
        a.IsNumeric && b.IsNumeric ? a.ToDouble() == b.ToDouble() : a.Equals(b);

    private static bool Flag(BsonDocument index, string name) => index.TryGetValue(name, out var value) && value.ToBoolean();

    private static double? Seconds(BsonDocument index) =>
        index.TryGetValue("expireAfterSeconds", out var value) && value.IsNumeric ? value.ToDouble() : null;
}
