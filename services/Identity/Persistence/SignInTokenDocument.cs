using MongoDB.Bson.Serialization.Attributes;

namespace Marketplace.Identity.Persistence;

/// <summary>One redeemable token (authorization code or refresh token) of a sign-in (collection <c>signInTokens</c>).</summary>
public sealed record SignInTokenDocument(
    [property: BsonId] string Id,
    [property: BsonElement("signInId")] string SignInId,
    [property: BsonElement("redeemedAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime? RedeemedAt);
