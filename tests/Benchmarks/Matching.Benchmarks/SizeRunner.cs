using System.Diagnostics;
using Marketplace.Matching.Engine;

namespace Marketplace.Matching.Benchmarks;

// Runs one size: a warm-up round on a small instance (JIT, native OR-Tools load), then the timed round
// (best of repeats for the timings; objectives are deterministic), the greedy baseline, a
// stability re-solve, and at 1k the un-aggregated reference.
internal static class SizeRunner
{
    private const int Seed = 20260101;

    public static SizeMeasurement Run(int size, int repeats)
    {
        var weights = new PriorityWeights();
        var engine = new MinCostFlowMatchingEngine(weights);
        engine.Solve(new InstanceGenerator(Seed + 1).Create(500, 500));

        var problem = new InstanceGenerator(Seed).Create(size, size);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        MatchingResult? best = null;
        var bestEndToEnd = double.MaxValue;
        for (var run = 0; run < repeats; run++)
        {
            var clock = Stopwatch.StartNew();
            var result = engine.Solve(problem);
            var endToEnd = clock.Elapsed.TotalMilliseconds;
            if (endToEnd < bestEndToEnd)
            {
                (best, bestEndToEnd) = (result, endToEnd);
            }
        }

        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / repeats;
        var greedyClock = Stopwatch.StartNew();
        var greedy = new GreedyMatchingEngine(weights).Solve(problem);
        var greedyMs = greedyClock.Elapsed.TotalMilliseconds;
        var resolve = engine.Solve(problem with { PreviousProposals = best!.Allocations });
        long? unaggregated = size <= 2_000 ? UnaggregatedFlowBound.WeightedObjective(problem, weights) : null;
        var stats = best.Statistics!;
        return new SizeMeasurement(
            size, stats.NodeCount, stats.ArcCount, stats.ProfileCount, stats.ClassCount, stats.DirectArcCount,
            stats.SolveCount, stats.ForbiddenPairCount, stats.ForcedPairCount,
            best.GraphBuildTime.TotalMilliseconds, best.SolveTime.TotalMilliseconds, best.MappingTime.TotalMilliseconds, bestEndToEnd,
            best.WeightedObjective, stats.RelaxedWeightedObjective, unaggregated, greedy.WeightedObjective, greedyMs,
            best.FundedUsdCents, problem.Needs.Sum(n => n.RemainingUsdCents), best.Allocations.Count, resolve.Churn,
            Process.GetCurrentProcess().PeakWorkingSet64, allocated);
    }
}
