using Marketplace.Matching.Engine.Network;
using Marketplace.Matching.Engine.UnitTests.Support;
using static Marketplace.Matching.Engine.UnitTests.Support.Instances;

namespace Marketplace.Matching.Engine.UnitTests;

// A pledge whose cap binds on some needs only reaches the others through its classes' gap chains
// (TransportationNetworkBuilder.AddCappedPledge): explicit arcs only where the cap binds, same optimum.
public sealed class GapChainTests
{
    private static readonly PriorityWeights Weights = new();
    private readonly MinCostFlowMatchingEngine _engine = new(Weights);

    [Fact]
    public void Build_CappedPledge_ExplicitArcsOnlyWhereTheCapBinds()
    {
        var needs = new[] { Need("small", 20), Need("equal", 40), Need("large", 90), Need("huge", 300) };
        var pledges = new[] { Pledge("capped", 200, max: 40), Pledge("plain", 500) };
        var prepared = PreparedProblem.From(Problem(needs, pledges), Weights);

        var network = TransportationNetworkBuilder.Build(prepared);

        Assert.Equal(["huge", "large"], network.DirectPairs.Select(pair => prepared.Needs[pair.Need].Id).Order(StringComparer.Ordinal));
        Assert.Single(network.Arcs, arc => arc.Role == ArcRole.PledgeToChain);
        Assert.Equal(2, network.ChainNodeCount);
    }

    [Fact]
    public void Solve_CappedPledgeThroughTheChain_SplitsWithinItsCap()
    {
        // The capped pledge's 100 must go 40 + 40 + 20 within its cap of 40; the critical needs fit the cap.
        var needs = new[] { Need("a", 40, Priority.Critical), Need("b", 40, Priority.Critical), Need("c", 30, Priority.High), Need("d", 100, Priority.Low) };
        var pledges = new[] { Pledge("capped", 100, max: 40), Pledge("plain", 30) };
        var problem = Problem(needs, pledges);

        var result = _engine.Solve(problem);

        FeasibilityAssert.Holds(problem, result, Weights);
        Assert.Equal(CpSatReference.OptimalObjective(problem, Weights), result.WeightedObjective);
        Assert.All(result.Allocations.Where(a => a.PledgeId == "capped"), a => Assert.True(a.AmountUsdCents <= 40));
    }

    [Fact]
    public void Solve_RandomCappedInstances_EqualTheUnaggregatedOptimum()
    {
        var chained = 0;
        for (var seed = 1_000; seed < 1_300; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: false, maxNeeds: 12, maxPledges: 12);

            var result = _engine.Solve(problem);

            FeasibilityAssert.Holds(problem, result, Weights);
            Assert.Equal(UnaggregatedFlowBound.WeightedObjective(problem, Weights), result.WeightedObjective);
            chained += TransportationNetworkBuilder.Build(PreparedProblem.From(problem, Weights)).ChainNodeCount > 0 ? 1 : 0;
        }

        Assert.True(chained >= 100, $"gap chains on {chained} of 300 instances only");
    }
}
