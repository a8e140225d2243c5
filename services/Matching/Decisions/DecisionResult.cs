using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Decisions;

/// <summary>The outcome of a decision, the match as it stands afterwards, and why when it was refused.</summary>
public sealed record DecisionResult(DecisionOutcome Outcome, Match? Match, string? Detail = null);
