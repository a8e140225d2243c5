namespace Marketplace.Matching.Benchmarks;

// Figures for one instance size, measured in a process of its own so peak memory is its own.
internal sealed record SizeMeasurement(
    int Size,
    int Nodes,
    int Arcs,
    int Profiles,
    int Cells,
    int Classes,
    int DirectPairs,
    int Solves,
    int ForbiddenPairs,
    int ForcedPairs,
    double BuildMs,
    double SolveMs,
    double MappingMs,
    double EndToEndMs,
    double EndToEndMinMs,
    double EndToEndMaxMs,
    int Runs,
    double CpuMs,
    long Objective,
    long RelaxedObjective,
    long? UnaggregatedObjective,
    long GreedyObjective,
    double GreedyMs,
    long FundedUsdCents,
    long DemandUsdCents,
    int Allocations,
    int ResolveChurn,
    double ResolveMs,
    double ResolveCpuMs,
    long PeakWorkingSetBytes,
    long AllocatedBytes,
    IncrementalMeasurement Incremental,
    IncrementalMeasurement Burst)
{
    // How the timed cold solve met the minimum tickets (exactly with CP-SAT, or the repair).
    public string MinimumTickets { get; init; } = "";
}
