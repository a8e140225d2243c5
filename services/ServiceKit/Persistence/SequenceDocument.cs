namespace Marketplace.ServiceKit.Persistence;

/// <summary>A commit-sequence counter in MongoDB: <c>_id</c> names the sequence, <c>value</c> is the last number handed out.</summary>
public sealed record SequenceDocument(string Id, long Value);
