namespace Marketplace.Matching.Engine;

/// <summary>
/// Proposed allocations of a round. <paramref name="WeightedObjective"/> is Σ weight(need priority) ×
/// amount in cents; <paramref name="Churn"/> counts allocations that differ from last round's proposals
/// (see <see cref="ProposalChurn"/>).
/// </summary>
public sealed record MatchingResult(
    IReadOnlyList<Allocation> Allocations,
    long WeightedObjective,
    long FundedUsdCents,
    int Churn,
    TimeSpan GraphBuildTime,
    TimeSpan SolveTime,
    TimeSpan MappingTime)
{
    /// <summary>Size of the network and work of the repair loop; null for engines without a network.</summary>
    public MatchingStatistics? Statistics { get; init; }

    /// <summary>True when the round was settled on a kept market rather than solved from nothing.</summary>
    public bool Incremental { get; init; }
}
