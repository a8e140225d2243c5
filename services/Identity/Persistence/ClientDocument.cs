using Marketplace.Identity.Clients;
using MongoDB.Bson.Serialization.Attributes;

namespace Marketplace.Identity.Persistence;

/// <summary>A registered client in MongoDB, keyed by client id: the secret's hash only, never the secret.</summary>
public sealed record ClientDocument(
    [property: BsonId] string ClientId,
    [property: BsonElement("secretHash")] string SecretHash,
    [property: BsonElement("role")] string Role,
    [property: BsonElement("org")] string Org,
    [property: BsonElement("updatedAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] DateTime UpdatedAt)
{
    public static ClientDocument From(RegisteredClient c, DateTime updatedAt) => new(c.ClientId, c.SecretHash, c.Role, c.Org, updatedAt);

    public RegisteredClient ToClient() => new(ClientId, SecretHash, Role, Org);
}
