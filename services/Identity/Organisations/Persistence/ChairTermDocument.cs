using MongoDB.Bson.Serialization.Attributes;

namespace Marketplace.Identity.Organisations.Persistence;

/// <summary>
/// The chair term in the MongoDB collection <c>chair</c>: a single document with id <see cref="CurrentId"/>.
/// Dates are <c>yyyy-MM-dd</c> strings, as in the API, so that no time zone can shift them.
/// </summary>
public sealed record ChairTermDocument([property: BsonId] string Id, string Org, string From, string? Until)
{
    public const string CurrentId = "current";
}
