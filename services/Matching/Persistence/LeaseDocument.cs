namespace Marketplace.Matching.Persistence;

/// <summary>
/// A lease in MongoDB: who holds it and until when (UTC), its fencing token (raised whenever the lease
/// changes hands) and a count of the fenced writes, which each round write increments in its transaction
/// so that it conflicts with a concurrent takeover.
/// </summary>
public sealed record LeaseDocument(string Id, string Owner, DateTime ExpiresAt, long Token = 0, long FencedWrites = 0);
