using Marketplace.Matching.Engine.UnitTests.Support;

namespace Marketplace.Matching.Engine.UnitTests;

// Seeded random instances: the engine against the rules, the greedy baseline and exact solvers.
public sealed class MinCostFlowMatchingEnginePropertyTests
{
    private static readonly PriorityWeights Weights = new();
    private readonly MinCostFlowMatchingEngine _engine = new(Weights);
    private readonly GreedyMatchingEngine _greedy = new(Weights);

    [Fact]
    public void Solve_RandomInstancesWithoutMinimums_EqualsUnaggregatedOptimumAndBeatsGreedy()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: false, maxNeeds: 15, maxPledges: 15);

            var result = _engine.Solve(problem);

            FeasibilityAssert.Holds(problem, result, Weights);
            Assert.Equal(UnaggregatedFlowBound.WeightedObjective(problem, Weights), result.WeightedObjective);
            Assert.True(result.WeightedObjective >= _greedy.Solve(problem).WeightedObjective, $"seed {seed}: below greedy");
        }
    }

    [Fact]
    public void Solve_RandomInstancesWithoutMinimums_EqualsCpSatOptimum()
    {
        for (var seed = 1000; seed < 1040; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: false);

            Assert.Equal(CpSatReference.OptimalObjective(problem, Weights), _engine.Solve(problem).WeightedObjective);
        }
    }

    [Fact]
    public void Solve_RandomInstancesWithMinimums_IsFeasibleAndWithinTheRelaxation()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: true, maxNeeds: 15, maxPledges: 15);

            var result = _engine.Solve(problem);

            FeasibilityAssert.Holds(problem, result, Weights);
            Assert.True(result.WeightedObjective <= result.Statistics!.RelaxedWeightedObjective);
            Assert.True(UnaggregatedFlowBound.WeightedObjective(problem, Weights) >= result.WeightedObjective);
        }
    }

    [Fact]
    public void Solve_RandomLargerInstances_AggregationMatchesUnaggregatedOptimum()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: false, maxNeeds: 200, maxPledges: 200);

            var result = _engine.Solve(problem);

            FeasibilityAssert.Holds(problem, result, Weights);
            Assert.Equal(UnaggregatedFlowBound.WeightedObjective(problem, Weights), result.WeightedObjective);
        }
    }
}
