namespace Marketplace.Matching.Persistence;

/// <summary>A lease in MongoDB: who holds it and until when (UTC).</summary>
public sealed record LeaseDocument(string Id, string Owner, DateTime ExpiresAt);
