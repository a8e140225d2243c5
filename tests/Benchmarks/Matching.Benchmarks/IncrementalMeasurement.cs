namespace Marketplace.Matching.Benchmarks;

// One change per round on the kept market: how long a round takes and how often it needs the full engine.
internal sealed record IncrementalMeasurement(
    int ChangesPerRound,
    int Rounds,
    double SeedMs,
    int IncrementalRounds,
    double IncrementalMedianMs,
    double IncrementalP95Ms,
    double IncrementalMaxMs,
    double IncrementalCpuMedianMs,
    double IncrementalCpuP95Ms,
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
