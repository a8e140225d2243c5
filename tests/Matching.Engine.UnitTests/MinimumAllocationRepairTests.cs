using Marketplace.Matching.Engine.UnitTests.Support;
using Xunit.Abstractions;

namespace Marketplace.Matching.Engine.UnitTests;

// The repair is a heuristic; these tests measure how far it lands from the exact optimum (CP-SAT on the
// semi-continuous model) on small instances with minimums, and keep that distance within stated bounds.
public sealed class MinimumAllocationRepairTests(ITestOutputHelper output)
{
    // Bounds the measured gaps must stay within (see docs/benchmarks.md for the figures).
    private const double MaxGapPerInstance = 0.06;
    private const double MaxMeanGap = 0.005;
    private const int Instances = 200;

    private static readonly PriorityWeights Weights = new();
    private readonly MinCostFlowMatchingEngine _engine = new(Weights) { ExactMinimumTickets = ExactMinimumTicketLimits.Never };
    private readonly MinCostFlowMatchingEngine _exactWhereSmall = new(Weights);
    private readonly GreedyMatchingEngine _greedy = new(Weights);

    [Fact]
    public void Solve_SmallInstancesWithMinimums_StaysCloseToTheExactOptimum()
    {
        var gaps = new List<double>();
        for (var seed = 0; seed < Instances; seed++)
        {
            var problem = RandomInstances.Create(seed + 5000, withMinimums: true);
            var exact = CpSatReference.OptimalObjective(problem, Weights);

            var repaired = _engine.Solve(problem).WeightedObjective;

            Assert.True(repaired <= exact, $"seed {seed}: above the exact optimum");
            gaps.Add(exact == 0 ? 0 : (double)(exact - repaired) / exact);
            Assert.True(repaired >= _greedy.Solve(problem).WeightedObjective, $"seed {seed}: below greedy");
        }

        var optimal = gaps.Count(gap => gap == 0);
        output.WriteLine(
            $"repair vs CP-SAT on {Instances} instances: optimal {optimal}, mean gap {gaps.Average():P3}, " +
            $"max gap {gaps.Max():P2}");
        Assert.True(gaps.Max() <= MaxGapPerInstance, $"max gap {gaps.Max():P2}");
        Assert.True(gaps.Average() <= MaxMeanGap, $"mean gap {gaps.Average():P3}");
    }

    [Fact]
    public void Solve_SmallMarketsWithMinimums_AreSolvedExactlyWithCpSat()
    {
        // The engine's own CP-SAT model (Network/ExactMinimumTickets) against the independent reference.
        for (var seed = 0; seed < Instances; seed++)
        {
            var problem = RandomInstances.Create(seed + 5000, withMinimums: true);

            var result = _exactWhereSmall.Solve(problem);

            FeasibilityAssert.Holds(problem, result, Weights);
            Assert.Contains(result.Statistics!.MinimumTickets, new[] { MinimumTicketMethod.NotNeeded, MinimumTicketMethod.Exact });
            Assert.True(CpSatReference.OptimalObjective(problem, Weights) == result.WeightedObjective, $"seed {seed}: {result.Statistics.MinimumTickets}");
        }
    }
}
