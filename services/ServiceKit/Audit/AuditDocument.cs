using MongoDB.Bson;

namespace Marketplace.ServiceKit.Audit;

/// <summary>An audit entry in MongoDB; the details are kept as a document so that they can be queried.</summary>
public sealed record AuditDocument(ObjectId Id, DateTimeOffset At, string Actor, string Org, string Action, string EntityId, BsonDocument Details);
