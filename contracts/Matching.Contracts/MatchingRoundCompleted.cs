namespace Marketplace.Matching.Contracts;

/// <summary>A matching round finished: how many proposals it holds, how many changed, and how long it took.</summary>
public sealed record MatchingRoundCompleted(
    string RoundId, DateTimeOffset CompletedAt, int Proposals, int Churn, decimal ProposedUsd, double DurationMs);
