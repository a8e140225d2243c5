using MongoDB.Bson;

namespace Marketplace.ServiceKit.Audit;

/// <summary>
/// An audit entry in MongoDB; the details are kept as a document so that they can be queried. Entries
/// written before <c>actorName</c> existed read it as null, and <see cref="MongoAuditTrail"/> falls back to the actor.
/// </summary>
public sealed record AuditDocument(ObjectId Id, DateTimeOffset At, string Actor, string? ActorName, string Org, string Action, string EntityId,
    BsonDocument Details);
