using Marketplace.Matching.Engine.Network;
using Marketplace.Matching.Engine.UnitTests.Support;

namespace Marketplace.Matching.Engine.UnitTests;

// The solver reloads itself without closed arcs once they are a large share; that must never change what
// a solve returns, whichever arcs are closed or reopened in between.
public sealed class FlowSolverTests
{
    private static readonly PriorityWeights Weights = new();

    [Fact]
    public void Solve_AfterClosingAndReopeningMostDirectArcs_MatchesAFreshSolverEachTime()
    {
        var reloads = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: true, maxNeeds: 15, maxPledges: 15);
            var prepared = PreparedProblem.From(problem, Weights);
            var network = TransportationNetworkBuilder.Build(prepared);
            using var reused = new FlowSolver(network);
            var closed = network.DirectPairs.Where((_, index) => index % 4 != 0).ToList();

            foreach (var pair in closed)
            {
                reused.Bound(pair.Arc, 0, 0);
            }

            var afterClosing = Objective(prepared, network, reused.Solve());
            using (var fresh = new FlowSolver(network))
            {
                foreach (var pair in closed)
                {
                    fresh.Bound(pair.Arc, 0, 0);
                }

                Assert.Equal(Objective(prepared, network, fresh.Solve()), afterClosing);
            }

            foreach (var pair in closed)
            {
                reused.Bound(pair.Arc, 0, reused.CapacityOf(pair.Arc));
            }

            var reopened = reused.Solve();
            using var original = new FlowSolver(network);
            Assert.Equal(Objective(prepared, network, original.Solve()), Objective(prepared, network, reopened));
            reloads += reused.ReloadCount > 0 ? 1 : 0;
        }

        Assert.True(reloads >= 10, $"only {reloads} of 40 instances exercised a reload");
    }

    private static long Objective(PreparedProblem prepared, TransportationNetwork network, long[] flows) =>
        Enumerable.Range(0, flows.Length)
            .Where(arc => network.Arcs[arc].Role == ArcRole.NeedGap)
            .Sum(arc => prepared.NeedWeights[network.Arcs[arc].From] * flows[arc]);
}
