using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Persistence;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static Marketplace.Persistence.ContractTests.Support.Rendered;

namespace Marketplace.Persistence.ContractTests.Mongo;

/// <summary>
/// The notifications records as the driver maps them (no server): <c>Id</c> as <c>_id</c>, camelCase names,
/// instants as BSON dates, an exact round trip; and the work-queue filters as the server receives them.
/// </summary>
public sealed class NotificationMongoMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 10, 0, 0, 123, TimeSpan.Zero);
    private static readonly LocalizedText Title = new("Nueva propuesta", "New proposal");

    static NotificationMongoMappingTests() => MongoSerialization.EnsureConfigured();

    private static T RoundTrip<T>(T value, out BsonDocument bson)
    {
        bson = value.ToBsonDocument();
        return BsonSerializer.Deserialize<T>(bson);
    }

    [Fact]
    public void Notification_MapsIdAndDates_AndRoundTrips()
    {
        var n = new Notification("ntf_1", "p1", "GT", "proposal", "e1", "match_1", Title, Title, At, At.AddHours(1), 2);
        Assert.Equivalent(n, RoundTrip(n, out var bson), strict: true);
        Assert.Equal("ntf_1", bson["_id"].AsString);
        Assert.Equal(BsonType.DateTime, bson["createdAt"].BsonType);
        Assert.Equal(BsonType.DateTime, bson["readAt"].BsonType);
        Assert.Equal("Nueva propuesta", bson["title"]["es"].AsString);
        Assert.Equal(BsonType.Int64, bson["version"].BsonType);
        var unread = n with { ReadAt = null };
        Assert.Equivalent(unread, RoundTrip(unread, out var unreadBson), strict: true);
        Assert.Equal(BsonNull.Value, unreadBson["readAt"]);
    }

    [Fact]
    public void WorkItemsAndPreferences_RoundTripExactly()
    {
        var mail = new OutgoingMail("mail_1", "p1", "a@b.test", "S", "B", "http://x/u", At, 2, At.AddMinutes(5), null, "refused");
        Assert.Equivalent(mail, RoundTrip(mail, out var mailBson), strict: true);
        Assert.Equal(BsonNull.Value, mailBson["sentAt"]);
        var webhook = new Webhook("whk_1", "GT", "https://h.example/x", "whsec_1", ["match.proposed"], Webhook.Active, "p1", At, null, null, 1);
        Assert.Equivalent(webhook, RoundTrip(webhook, out var hookBson), strict: true);
        Assert.Equal("whk_1", hookBson["_id"].AsString);
        var delivery = new WebhookDelivery("dlv_1", "whk_1", "GT", "e1", "match.proposed", "{}", WebhookDelivery.Pending, 1, At, At, At, 503, "x", null);
        Assert.Equivalent(delivery, RoundTrip(delivery, out _), strict: true);
        var preferences = new Preferences("p1", "GT", new Dictionary<string, string> { ["proposal"] = "off" }, 3);
        Assert.Equivalent(preferences, RoundTrip(preferences, out var prefBson), strict: true);
        Assert.Equal("off", prefBson["modes"]["proposal"].AsString);
        var entry = new DigestEntry("ntf_1", "p1", "GT", "a@b.test", "es", Title, At);
        Assert.Equivalent(entry, RoundTrip(entry, out _), strict: true);
    }

    [Fact]
    public void Filters_RenderAsIndexedQueries()
    {
        Equal("""{ "personId": "p1", "org": "GT", "readAt": null, "_id": { "$lt": "ntf_9" } }""",
            Filter(MongoNotificationStore.NotificationFilter("p1", "GT", true, "ntf_9")));
        Equal("""{ "sentAt": null, "nextAttemptAt": { "$lte": ISODate("2026-11-28T10:00:00.123Z") } }""", Filter(MongoNotificationStore.DueMail(At)));
        Equal("""{ "status": "pending", "nextAttemptAt": { "$lte": ISODate("2026-11-28T10:00:00.123Z") } }""", Filter(MongoNotificationStore.DueDelivery(At)));
    }
}
