using Marketplace.Matching.Engine.Network;
using Marketplace.Matching.Engine.UnitTests.Support;

namespace Marketplace.Matching.Engine.UnitTests;

// The tiered max flows must reach the weighted min-cost flow's optimum for any positive weights (the
// polymatroid greedy argument in TieredMaxFlowSolver), also with the repair's forbidden and forced pairs.
public sealed class TieredMaxFlowSolverTests
{
    public static TheoryData<int, int, int, int> Weights => new()
    {
        { 8, 4, 2, 1 },
        { 1000, 10, 3, 1 },
        { 1, 2, 4, 8 },
        { 5, 5, 1, 1 },
        { 3, 7, 7, 2 },
        { 1, 1, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Weights))]
    public void Solve_RandomInstances_EqualsTheWeightedMinCostFlowOptimum(int critical, int high, int medium, int low)
    {
        var weights = new PriorityWeights { Critical = critical, High = high, Medium = medium, Low = low };
        for (var seed = 0; seed < 150; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: seed % 2 == 0, maxNeeds: 15, maxPledges: 15);
            var prepared = PreparedProblem.From(problem, weights);
            var network = TransportationNetworkBuilder.Build(prepared);
            using var weighted = new FlowSolver(network);
            using var tiered = new TieredMaxFlowSolver(network, prepared.NeedWeights);

            var tieredFlows = tiered.Solve();
            Assert.Equal(Objective(prepared, network, weighted.Solve()), Objective(prepared, network, tieredFlows));
            AssertFeasible(network, tiered, tieredFlows);

            // The repair's bounds: forbid some explicit pairs, force others to their pledge's minimum.
            var random = new Random(seed);
            var forced = new Dictionary<(int Pledge, int Need), long>();
            var pledgeLoad = new long[prepared.Pledges.Count];
            var needLoad = new long[prepared.Needs.Count];
            foreach (var pair in network.DirectPairs)
            {
                var draw = random.NextDouble();
                var amount = Math.Max(prepared.PledgeMinimums[pair.Pledge], 1);
                if (draw < 0.3)
                {
                    weighted.Bound(pair.Arc, 0, 0);
                    tiered.Bound(pair.Arc, 0, 0);
                }
                else if (draw < 0.5
                    && pledgeLoad[pair.Pledge] + amount <= prepared.Pledges[pair.Pledge].RemainingUsdCents
                    && needLoad[pair.Need] + amount <= prepared.Needs[pair.Need].RemainingUsdCents
                    && amount <= weighted.CapacityOf(pair.Arc))
                {
                    pledgeLoad[pair.Pledge] += amount;
                    needLoad[pair.Need] += amount;
                    weighted.Bound(pair.Arc, amount, weighted.CapacityOf(pair.Arc));
                    tiered.Bound(pair.Arc, amount, tiered.CapacityOf(pair.Arc));
                    forced[(pair.Pledge, pair.Need)] = amount;
                }
            }

            tieredFlows = tiered.Solve();
            Assert.Equal(Objective(prepared, network, weighted.Solve()), Objective(prepared, network, tieredFlows));
            AssertFeasible(network, tiered, tieredFlows);
            foreach (var pair in network.DirectPairs.Where(p => forced.ContainsKey((p.Pledge, p.Need))))
            {
                Assert.True(tieredFlows[pair.Arc] >= forced[(pair.Pledge, pair.Need)], $"seed {seed}: forced pair below its bound");
            }
        }
    }

    [Fact]
    public void Engine_PreviousProposalsStillOptimal_KeepsThemThroughTheTieredPath()
    {
        var engine = new MinCostFlowMatchingEngine(new PriorityWeights());
        for (var seed = 0; seed < 100; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: false, maxNeeds: 15, maxPledges: 15);
            var first = engine.Solve(problem);

            var second = engine.Solve(problem with { PreviousProposals = first.Allocations });

            Assert.Equal(first.Allocations, second.Allocations);
            Assert.Equal(UnaggregatedFlowBound.WeightedObjective(problem, new PriorityWeights()), second.WeightedObjective);
        }
    }

    private static void AssertFeasible(TransportationNetwork network, TieredMaxFlowSolver solver, long[] flows)
    {
        var balance = new long[network.NodeCount];
        for (var arc = 0; arc < flows.Length; arc++)
        {
            var (tail, head, _, _, _, _, _) = network.Arcs[arc];
            Assert.InRange(flows[arc], 0, solver.CapacityOf(arc));
            balance[tail] -= flows[arc];
            balance[head] += flows[arc];
        }

        Assert.Equal(-network.TotalSupply, balance[TransportationNetwork.Source]);
        Assert.Equal(network.TotalSupply, balance[TransportationNetwork.Sink]);
        Assert.All(balance.Skip(2), b => Assert.Equal(0, b));
    }

    private static long Objective(PreparedProblem prepared, TransportationNetwork network, long[] flows) =>
        Enumerable.Range(0, flows.Length)
            .Where(arc => network.Arcs[arc].Role == ArcRole.NeedGap)
            .Sum(arc => prepared.NeedWeights[network.Arcs[arc].From] * flows[arc]);
}
