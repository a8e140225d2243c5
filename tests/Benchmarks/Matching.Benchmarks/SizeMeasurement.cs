namespace Marketplace.Matching.Benchmarks;

// Figures for one instance size, measured in a process of its own so peak memory is its own.
internal sealed record SizeMeasurement(
    int Size,
    int Nodes,
    int Arcs,
    int Profiles,
    int Classes,
    int DirectPairs,
    int Solves,
    int ForbiddenPairs,
    int ForcedPairs,
    double BuildMs,
    double SolveMs,
    double MappingMs,
    double EndToEndMs,
    long Objective,
    long RelaxedObjective,
    long? UnaggregatedObjective,
    long GreedyObjective,
    double GreedyMs,
    long FundedUsdCents,
    long DemandUsdCents,
    int Allocations,
    int ResolveChurn,
    long PeakWorkingSetBytes,
    long AllocatedBytes);
