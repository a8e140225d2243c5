namespace Marketplace.Matching.Persistence;

/// <summary>What a list of matches can be sorted by; the match id breaks ties, so every position is unique.</summary>
public enum MatchSortKey
{
    ProposedAt,
    AmountUsd,
    Score,
}
