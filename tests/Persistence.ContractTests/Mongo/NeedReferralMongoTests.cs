using Marketplace.Matching.Persistence;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static Marketplace.Persistence.ContractTests.Support.Rendered;

namespace Marketplace.Persistence.ContractTests.Mongo;

/// <summary>The MIRPS Fund referral in MongoDB without a server: the documents, the due filter and the updates.</summary>
public sealed class NeedReferralMongoTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private const string IsoAt = "ISODate('2026-11-28T10:00:00Z')";

    static NeedReferralMongoTests() => MongoSerialization.EnsureConfigured();

    [Fact]
    public void NeedDocument_WithAReferral_RoundTrips_AndADocumentWrittenBeforeTheFundReadsAsNotReferred()
    {
        var need = Samples.Need(At) with { Referral = new NeedReferral(At, "No pledge fits.", "person_1"), LastProposalAt = At.AddDays(-2) };

        var bson = NeedDocument.From(need).ToBsonDocument();
        var back = BsonSerializer.Deserialize<NeedDocument>(bson).ToNeed();
        bson.Remove("referralAt");
        bson.Remove("referralReason");
        bson.Remove("referralBy");
        bson.Remove("lastProposalAt");
        var old = BsonSerializer.Deserialize<NeedDocument>(bson).ToNeed();

        Assert.Equal(BsonType.DateTime, NeedDocument.From(need).ToBsonDocument()["referralAt"].BsonType);
        Assert.Equal((need.Referral, need.LastProposalAt), (back.Referral, back.LastProposalAt));
        Assert.Equal((null, null), (old.Referral, old.LastProposalAt));
    }

    [Fact]
    public void DueFilter_NeedsOpenUnreferredAndNoProposalSinceTheCutoff()
    {
        Equal($$"""
            { status: { $in: ['open', 'partially-funded'] }, referralAt: null, createdAt: { $lte: {{IsoAt}} },
              $or: [ { lastProposalAt: null }, { lastProposalAt: { $lte: {{IsoAt}} } } ] }
            """, Filter(MongoNeedStore.DueForReferral(At)));
        Equal($"{{ $max: {{ lastProposalAt: {IsoAt} }} }}", Update(MongoNeedStore.ProposalActivity(At)));
    }

    [Fact]
    public void Replacement_SetsEveryFieldButTheProposalClockAndTheId()
    {
        var need = Samples.Need(At) with { LastProposalAt = At, Referral = new NeedReferral(At, "r", "system") };

        var set = Update(MongoNeedStore.SetAllFields(need)).AsBsonDocument["$set"].AsBsonDocument;

        Assert.False(set.Contains("lastProposalAt"));
        Assert.False(set.Contains("_id"));
        Assert.Equal("r", set["referralReason"].AsString);
        Assert.Equal(need.Version, set["version"].AsInt64);
    }

    [Fact]
    public void NeedViewDocument_WrittenBeforeTheFund_ReadsAsNotReferred()
    {
        var view = new Matching.Domain.NeedView("need_1", "HN", "health", "t", ["grant"], "high", 100, 0, "USD", "open", null, null, 2, Referred: true);

        var bson = NeedViewDocument.From(view).ToBsonDocument();
        var back = BsonSerializer.Deserialize<NeedViewDocument>(bson).ToView();
        bson.Remove("referred");

        Assert.True(back.Referred);
        Assert.False(BsonSerializer.Deserialize<NeedViewDocument>(bson).ToView().Referred);
    }
}
