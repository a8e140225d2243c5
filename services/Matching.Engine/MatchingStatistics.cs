namespace Marketplace.Matching.Engine;

/// <summary>
/// What the min-cost-flow engine built and did. <paramref name="RelaxedWeightedObjective"/> is the optimum of
/// the first solve, before minimum-allocation repair: an upper bound on the true optimum, so
/// (relaxed − final) / relaxed bounds the repair's loss. Forbidden and forced pairs are the repair's decisions.
/// </summary>
public sealed record MatchingStatistics(
    int NodeCount,
    int ArcCount,
    int ProfileCount,
    int ClassCount,
    int DirectArcCount,
    int SolveCount,
    int ForbiddenPairCount,
    int ForcedPairCount,
    long RelaxedWeightedObjective)
{
    /// <summary>Window cells (country, sector, instrument, pledge window) between profiles and classes.</summary>
    public int CellCount { get; init; }

    /// <summary>How the minimum tickets were met: not needed, exactly (CP-SAT), CP-SAT's best within its budget, or the repair.</summary>
    public MinimumTicketMethod MinimumTickets { get; init; }
}
