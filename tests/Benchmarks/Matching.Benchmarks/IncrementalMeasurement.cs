namespace Marketplace.Matching.Benchmarks;

// One change per round on the kept market: how long a round takes (every round, full-solve rounds included, and the
// incremental ones alone), how often it needs the full engine, and how many rounds filled a gap or a pledge in bulk.
internal sealed record IncrementalMeasurement(
    int ChangesPerRound,
    int Rounds,
    double SeedMs,
    double RoundMedianMs,
    double RoundP95Ms,
    double RoundMaxMs,
    double RoundCpuMedianMs,
    double RoundCpuP95Ms,
    int IncrementalRounds,
    double IncrementalMedianMs,
    double IncrementalP95Ms,
    int BulkRounds,
    int FullRounds,
    double FullMedianMs,
    IReadOnlyList<string> FullReasons,
    double AugmentationsMedian,
    double ChurnMedian,
    long FinalObjective,
    long ColdObjective)
{
    // Minimum-ticket pledges the incremental rounds placed themselves, and how each full solve met the minimums.
    public int MinimumTicketPlacements { get; init; }

    public IReadOnlyList<string> FullSolveMinimumTickets { get; init; } = [];
}
