using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Rounds;

/// <summary>The result of one matching round, as <c>POST /api/v1/matching/runs</c> returns it.</summary>
public sealed record RoundSummary(string Id, DateTimeOffset CompletedAt, int Proposals, int Churn, decimal ProposedUsd,
    IReadOnlyList<CoverageRow> Coverage, TimeSpan Duration);
