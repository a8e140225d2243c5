using MongoDB.Bson.Serialization.Attributes;

namespace Marketplace.Identity.Organisations.Persistence;

/// <summary>An organisation in the MongoDB collection <c>organisations</c>, keyed by its code.</summary>
public sealed record OrganisationDocument(
    [property: BsonId] string Code, string Kind, string NameEs, string NameEn, string IatiRef, string IatiType);
