using Marketplace.Flows.Persistence;
using Marketplace.Matching.Persistence;
using Marketplace.Needs.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Marketplace.Persistence.ContractTests.Mongo;

/// <summary>
/// Index set-up on every start: what is already right is left alone, what changed under its name is dropped
/// and built again, and every build waits for a majority commit quorum. Planned without a server; the
/// server run is <see cref="MongoOutboxLeaseTests"/>'s initialization case.
/// </summary>
public sealed class MongoIndexesTests
{
    static MongoIndexesTests() => MongoSerialization.EnsureConfigured();

    private static BsonDocument Listed(string name, BsonDocument key, params (string Name, BsonValue Value)[] options)
    {
        var index = new BsonDocument { { "v", 2 }, { "key", key }, { "name", name } };
        foreach (var (option, value) in options) index[option] = value;
        return index;
    }

    [Fact]
    public void Build_WaitsForAMajorityCommitQuorum()
    {
        Assert.Equal(CreateIndexCommitQuorum.Majority.ToBsonValue(), MongoIndexes.BuildOptions.CommitQuorum.ToBsonValue());
        Assert.Equal(new BsonString("majority"), MongoIndexes.BuildOptions.CommitQuorum.ToBsonValue());
    }

    [Fact]
    public void Specification_RendersNameKeysAndOptions()
    {
        Rendered.Equal("{ name: 'ix_matches_seq', key: { seq: 1 } }", MongoIndexes.Specification(MongoMatchingQueries.MatchIndexes[0]));
        Rendered.Equal("{ name: 'ux_flows_match', key: { matchId: 1 }, unique: true }", MongoIndexes.Specification(MongoFlowStore.Indexes[1]));
        Rendered.Equal("{ name: 'ttl_idempotency_expires', key: { expiresAt: 1 }, expireAfterSeconds: NumberLong(0) }",
            MongoIndexes.Specification(MongoIdempotencyStore.ExpiryIndex));
    }

    [Fact]
    public void Plan_OnTheSameIndexes_AsTheServerListsThem_ChangesNothing()
    {
        // The server may list a direction as a double (an index built by the shell) and a TTL as an int.
        var existing = new List<BsonDocument> { Listed("_id_", new BsonDocument("_id", 1)) };
        foreach (var index in MongoNeedStore.Indexes)
        {
            var spec = MongoIndexes.Specification(index);
            var listed = Listed(spec["name"].AsString, new BsonDocument(spec["key"].AsBsonDocument.Select(e => new BsonElement(e.Name, 1.0))));
            if (spec.Contains("unique")) listed["unique"] = true;
            existing.Add(listed);
        }

        var (drop, build) = MongoIndexes.Plan(existing, MongoNeedStore.Indexes);

        Assert.Empty(drop);
        Assert.Empty(build);
    }

    [Fact]
    public void Plan_WithChangedKeysOrOptions_DropsAndRebuildsOnlyThose()
    {
        var existing = new List<BsonDocument>
        {
            Listed("ix_matches_status", new BsonDocument { { "status", 1 }, { "_id", 1 } }),
            Listed("ix_matches_seq", new BsonDocument("seq", 1), ("unique", true)),
            Listed("ix_matches_need", new BsonDocument { { "needId", 1 }, { "status", 1 } }),
            Listed("ix_matches_pledge", new BsonDocument { { "pledgeId", 1 }, { "status", 1 } }, ("sparse", true)),
        };

        var (drop, build) = MongoIndexes.Plan(existing, MongoMatchingQueries.MatchIndexes);

        // seq: was unique; status: keys changed (_id → seq); pledge: was sparse; country, donor, the sorts and the change read: missing.
        Assert.Equal(["ix_matches_seq", "ix_matches_status", "ix_matches_pledge"], drop);
        Assert.Equal(["ix_matches_seq", "ix_matches_status", "ix_matches_pledge", "ix_matches_country", "ix_matches_donor",
            "ix_matches_status_usd", "ix_matches_status_score", "ix_matches_change_seq"],
            build.Select(i => i.Options.Name));
    }

    [Fact]
    public void Plan_WithAChangedExpiry_RebuildsTheTtlIndex()
    {
        var existing = new List<BsonDocument> { Listed("ttl_idempotency_expires", new BsonDocument("expiresAt", 1), ("expireAfterSeconds", 3600)) };

        var (drop, build) = MongoIndexes.Plan(existing, [MongoIdempotencyStore.ExpiryIndex]);

        Assert.Equal(["ttl_idempotency_expires"], drop);
        Assert.Single(build);
    }

    [Fact]
    public void Specification_OfAnUnnamedIndex_IsRefused()
    {
        var unnamed = new CreateIndexModel<NeedDocument>(Builders<NeedDocument>.IndexKeys.Ascending(d => d.Title));

        Assert.Throws<ArgumentException>(() => MongoIndexes.Specification(unnamed));
    }
}
