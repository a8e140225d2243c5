namespace Marketplace.Matching.Persistence;

/// <summary>What a matching round did, kept for the run summary and operations.</summary>
public sealed record RoundRecord(string Id, DateTimeOffset CompletedAt, string Trigger, int Proposals, int Churn,
    long ProposedUsdCents, double DurationMs);
