namespace Marketplace.Matching.Persistence;

/// <summary>A counter in MongoDB: the last value handed out (the view sequence of need and pledge views).</summary>
public sealed record SequenceDocument(string Id, long Value);
