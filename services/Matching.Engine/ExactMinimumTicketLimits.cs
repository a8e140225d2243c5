namespace Marketplace.Matching.Engine;

/// <summary>
/// When a full solve settles minimum tickets exactly with CP-SAT instead of the repair heuristic: the market has at
/// most <see cref="MarketPairs"/> need × pledge combinations (checked before any pair is listed) and at most
/// <see cref="PairsWithMinimum"/> eligible pairs of pledges with a minimum, and CP-SAT gets <see cref="TimeBudget"/>.
/// </summary>
public sealed record ExactMinimumTicketLimits(long MarketPairs, int PairsWithMinimum, TimeSpan TimeBudget)
{
    /// <summary>
    /// Markets up to about 300 × 300 with up to 400 pairs under a minimum, one second: the matching service's
    /// demo-sized and regional markets. The benchmark's 1k × 1k market is past it.
    /// </summary>
    public static ExactMinimumTicketLimits Default { get; } = new(90_000, 400, TimeSpan.FromSeconds(1));

    /// <summary>Never solve exactly: the repair alone (to measure it).</summary>
    public static ExactMinimumTicketLimits Never { get; } = new(0, 0, TimeSpan.Zero);
}
