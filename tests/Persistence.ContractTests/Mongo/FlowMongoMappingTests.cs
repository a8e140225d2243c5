using Marketplace.Contracts;
using Marketplace.Flows.Domain;
using Marketplace.Flows.Persistence;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static Marketplace.Persistence.ContractTests.Support.Rendered;

namespace Marketplace.Persistence.ContractTests.Mongo;

/// <summary>
/// The flows and idempotency documents, filters, updates and indexes as the driver renders them, without a
/// server: element names, BSON types (Int64 money, Decimal128 rate, dates) and an exact round trip.
/// </summary>
public sealed class FlowMongoMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, 123, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 11, 2);

    static FlowMongoMappingTests() => MongoSerialization.EnsureConfigured();

    private static Flow FullTrail()
    {
        var flow = new Flow("flow_1", "match_1", "need_1", "pledge_1", "GT", "ES", new Money(100_000, "EUR"), new Money(108_500, "USD"),
            1.0850000000m, null, [], null, At, At, 1);
        flow = FlowRules.Commit(flow, Day, "AGR-1", new Money(90_000, "EUR"), "donor-es", At).Flow!;
        flow = FlowRules.Disburse(flow, "disb_1", Day, new Money(40_000, "EUR"), "TX-1", "donor-es", At).Flow!;
        flow = FlowRules.Receive(flow, "disb_1", "state-gt", At)!.Flow!;
        return FlowRules.Cancel(flow, "stopped", "donor-es", "ES", At).Flow!;
    }

    [Fact]
    public void FlowDocument_RoundTripsTheWholeTrailWithExactTypes()
    {
        var flow = FullTrail();

        var bson = FlowDocument.From(flow).ToBsonDocument();
        var back = BsonSerializer.Deserialize<FlowDocument>(bson).ToFlow();

        Assert.Equal("flow_1", bson["_id"].AsString);
        Assert.Equal("match_1", bson["matchId"].AsString);
        Assert.Equal(BsonType.Int64, bson["approvedMinor"].BsonType);
        Assert.Equal(BsonType.Decimal128, bson["fxRate"].BsonType);
        Assert.Equal(BsonType.DateTime, bson["createdAt"].BsonType);
        Assert.Equal(BsonType.Int64, bson["disbursements"][0]["amountMinor"].BsonType);
        Assert.Equal(BsonType.DateTime, bson["disbursements"][0]["receivedAt"].BsonType);
        Assert.Equal(90_000, bson["committedMinor"].AsInt64);
        Assert.Equal(40_000, bson["disbursedMinor"].AsInt64);
        Assert.True(bson["releasePending"].AsBoolean);
        Assert.Equal("cancelled", bson["status"].AsString);
        Assert.Equal(60_000, bson["cancellation"]["releasedMinor"].AsInt64);
        Assert.Equivalent(flow, back, strict: true);
    }

    [Fact]
    public void FlowQueries_RenderToIndexedFieldsAndIdOrder()
    {
        Equal("{ _id: 'flow_1', version: NumberLong(3) }", Filter(MongoFlowStore.AtVersion("flow_1", 3)));
        Equal("{ matchId: 'match_1' }", Filter(MongoFlowStore.ByMatch("match_1")));
        Equal("{ country: 'GT', donor: 'ES', status: 'committed', needId: 'need_1', pledgeId: 'pledge_1', seq: { $gt: NumberLong(7) } }",
            Filter(MongoFlowStore.ListFilter(new FlowFilter("GT", "ES", "committed", "need_1", "pledge_1"), 7)));
        Equal("{ }", Filter(MongoFlowStore.ListFilter(new FlowFilter(null, null, null, null, null), null)));
        Equal("{ releasePending: true }", Filter(MongoFlowStore.ReleasePending));
        Equal("{ _id: 1 }", Sort(MongoFlowStore.IdOrder));
        Assert.Equal(
            ["{ \"seq\" : 1 }", "{ \"matchId\" : 1 }", "{ \"country\" : 1, \"seq\" : 1 }", "{ \"donor\" : 1, \"seq\" : 1 }",
             "{ \"needId\" : 1, \"seq\" : 1 }", "{ \"pledgeId\" : 1, \"seq\" : 1 }", "{ \"releasePending\" : 1, \"_id\" : 1 }"],
            MongoFlowStore.Indexes.Select(i => Keys(i).ToJson()));
        Assert.NotEqual(true, MongoFlowStore.Indexes[0].Options.Unique);
        Assert.True(MongoFlowStore.Indexes[1].Options.Unique);
    }

    [Fact]
    public void FlowInsert_IsASetOnInsertOfTheWholeDocument()
    {
        var flow = FullTrail();

        var update = Update(MongoFlowStore.InsertOnly(FlowDocument.From(flow))).AsBsonDocument;

        Assert.Equal(["$setOnInsert"], update.Names);
        Assert.Equal(FlowDocument.From(flow).ToBsonDocument(), update["$setOnInsert"].AsBsonDocument);
    }

    [Fact]
    public void IdempotencyDocuments_RenderTheirClaimsAndTheTtlIndex()
    {
        var read = new IdempotencyDocument("k", "f", IdempotencyDocument.InProgress, At, At, null, null, null, null, null);
        var bson = read.ToBsonDocument();

        Assert.Equal("k", bson["_id"].AsString);
        Assert.Equal(BsonType.DateTime, bson["expiresAt"].BsonType);
        Equal("{ _id: 'k', state: 'in-progress' }", Filter(MongoIdempotencyStore.InProgressClaim("k")));
        Equal("{ _id: 'k', state: 'in-progress', lockedUntil: ISODate('2026-11-28T10:00:00.123Z'), expiresAt: ISODate('2026-11-28T10:00:00.123Z') }",
            Filter(MongoIdempotencyStore.AsRead(read)));
        Assert.Equal("{ \"expiresAt\" : 1 }", Keys(MongoIdempotencyStore.ExpiryIndex).ToJson());
        Assert.Equal(TimeSpan.Zero, MongoIdempotencyStore.ExpiryIndex.Options.ExpireAfter);
        var completed = new IdempotencyDocument("k", "f", IdempotencyDocument.Completed, At, At, 201, "application/json", "/x", "\"1\"", [1, 2]);
        Assert.Equivalent(completed, BsonSerializer.Deserialize<IdempotencyDocument>(completed.ToBsonDocument()), strict: true);
    }

    [Fact]
    public void FlowTotals_RenderTheVersionGuardTheEntityFilterAndIndex()
    {
        Equal("{ _id: 'flow_1', version: { $lt: NumberLong(4) } }", Filter(MongoFlowTotals.Older("flow_1", 4)));
        Equal("{ entityId: { $in: ['need_1', 'need_2'] } }", Filter(MongoFlowTotals.OfEntities(["need_1", "need_2"])));
        Assert.Equal("{ \"entityId\" : 1 }", Keys(MongoFlowTotals.EntityIndex).ToJson());
        var bson = new FlowTotalsDocument("flow_1", "need_1", 80_000, 30_000, 3).ToBsonDocument();
        Assert.Equal(["_id", "entityId", "committedMinor", "disbursedMinor", "version"], bson.Names);
        Assert.Equal(BsonType.Int64, bson["committedMinor"].BsonType);
    }
}
