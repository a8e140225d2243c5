namespace Marketplace.Matching.Contracts;

/// <summary>
/// A matching round finished: how many proposals it holds, how many changed, and how long it took.
/// <see cref="Needs"/> (added later; null in older events) lists needs that hold bilateral proposals after
/// the round, each at least once a refresh period and at once when it is new or its coverage changed: the
/// needs service counts a need's time without proposals from it (MIRPS Fund referral).
/// </summary>
public sealed record MatchingRoundCompleted(
    string RoundId, DateTimeOffset CompletedAt, int Proposals, int Churn, decimal ProposedUsd, double DurationMs,
    IReadOnlyList<NeedProposalActivity>? Needs = null);
