using MongoDB.Bson.Serialization.Attributes;

namespace Marketplace.Identity.Persistence;

/// <summary>A sign-in in MongoDB (collection <c>signIns</c>).</summary>
public sealed record SignInDocument(
    [property: BsonId] string Id,
    [property: BsonElement("personId")] string PersonId,
    [property: BsonElement("startedAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime StartedAt,
    [property: BsonElement("revokedAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime? RevokedAt);
