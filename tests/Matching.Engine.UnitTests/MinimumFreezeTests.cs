using Marketplace.Matching.Engine.Network;
using Marketplace.Matching.Engine.UnitTests.Support;
using static Marketplace.Matching.Engine.UnitTests.Support.Instances;

namespace Marketplace.Matching.Engine.UnitTests;

// Large markets route minimum-ticket pledges through the aggregated nodes in the relaxation and freeze them from its
// decomposition (TransportationNetworkBuilder.ForRelaxation, MinimumFreeze). ExplicitMinimumArcLimit = 0 runs that
// path on small instances, where the exact references are cheap.
public sealed class MinimumFreezeTests
{
    private static readonly PriorityWeights Weights = new();
    private readonly MinCostFlowMatchingEngine _frozen = new(Weights) { ExplicitMinimumArcLimit = 0, ExactMinimumTickets = ExactMinimumTicketLimits.Never };
    private readonly MinCostFlowMatchingEngine _explicit = new(Weights) { ExactMinimumTickets = ExactMinimumTicketLimits.Never };
    private readonly GreedyMatchingEngine _greedy = new(Weights);

    [Fact]
    public void Solve_AggregatedMinimums_RelaxationBoundsTheUnaggregatedOneAndTheResultIsFeasible()
    {
        var optimal = 0;
        const int instances = 150;
        for (var seed = 0; seed < instances; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: true, maxNeeds: 12, maxPledges: 12);
            if (seed % 3 == 0)
            {
                problem = problem with { ForbiddenPairs = SomeEligiblePairs(problem, seed) };
            }

            var result = _frozen.Solve(problem);

            FeasibilityAssert.Holds(problem, result, Weights);
            // Aggregated, a minimum-ticket pledge also reaches needs whose gap is below its minimum, which the explicit
            // relaxation leaves out: a looser relaxation, still an upper bound, so without a violation it is exact.
            Assert.True(result.Statistics!.RelaxedWeightedObjective >= UnaggregatedFlowBound.WeightedObjective(problem, Weights), $"seed {seed}");
            Assert.True(result.Statistics.MinimumTickets != MinimumTicketMethod.NotNeeded || result.WeightedObjective == result.Statistics.RelaxedWeightedObjective);
            Assert.True(result.WeightedObjective >= _greedy.Solve(problem).WeightedObjective, $"seed {seed}: below the greedy baseline");
            var exact = CpSatReference.OptimalObjective(problem, Weights);
            Assert.True(result.WeightedObjective <= exact, $"seed {seed}: above the exact optimum");
            optimal += result.WeightedObjective == exact ? 1 : 0;
        }

        // A heuristic without dives: most instances still land on the optimum.
        Assert.True(optimal >= instances * 3 / 4, $"optimal on {optimal} of {instances}");
    }

    [Fact]
    public void Solve_AggregatedMinimumSplitBelowItsMinimum_FreezesTheKeptPairAndDropsTheRest()
    {
        // The relaxation fills the critical need (60) and puts the remaining 40 into the low need, below the
        // minimum of 50: the freeze keeps the 60 (forced ≥ 50, may grow) and forbids the 40.
        var needs = new[] { Need("critical", 60, Priority.Critical), Need("low", 100, Priority.Low) };
        var pledges = new[] { Pledge("P1", 100, min: 50) };
        var problem = Problem(needs, pledges);

        var result = _frozen.Solve(problem);

        FeasibilityAssert.Holds(problem, result, Weights);
        Assert.Equal(MinimumTicketMethod.Repair, result.Statistics!.MinimumTickets);
        Assert.Equal(60, AmountOf(result, "critical", "P1"));
        Assert.Equal(0, AmountOf(result, "low", "P1"));
        Assert.Equal((1, 1), (result.Statistics.ForcedPairCount, result.Statistics.ForbiddenPairCount));
        Assert.Equal(Weights.Of(Priority.Critical) * 60, result.WeightedObjective);
    }

    [Fact]
    public void ForRelaxation_OverTheLimit_AggregatesMinimumPledgesAndOnlyThen()
    {
        var needs = Enumerable.Range(0, 20).Select(i => Need($"N{i}", 100)).ToArray();
        var pledges = new[] { Pledge("min", 500, min: 50), Pledge("capped", 500, max: 30), Pledge("plain", 500) };
        var prepared = PreparedProblem.From(Problem(needs, pledges), Weights);

        var (small, smallAggregated) = TransportationNetworkBuilder.ForRelaxation(prepared, 10_000);
        var (large, largeAggregated) = TransportationNetworkBuilder.ForRelaxation(prepared, 0);

        Assert.False(smallAggregated);
        Assert.Equal(40, small.DirectPairs.Count);
        Assert.True(largeAggregated);
        Assert.All(large.DirectPairs, pair => Assert.Equal(1, pair.Pledge));
        Assert.Equal(20, large.DirectPairs.Count);
    }

    [Fact]
    public void Solve_ResubmittedResultWithMinimums_KeptUnchangedAndNeverBelowTheColdSolve()
    {
        for (var seed = 0; seed < 60; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: true, maxNeeds: 12, maxPledges: 12);
            foreach (var engine in new[] { _frozen, _explicit })
            {
                var cold = engine.Solve(problem);

                var again = engine.Solve(problem with { PreviousProposals = cold.Allocations });

                Assert.Equal(0, again.Churn);
                Assert.True(again.WeightedObjective >= cold.WeightedObjective, $"seed {seed}: below the cold solve");
                FeasibilityAssert.Holds(problem, again, Weights);
            }
        }
    }

    [Fact]
    public void Solve_ResubmittedWithUnknownZeroAndSplitProposals_ChurnIsTheSymmetricDifference()
    {
        for (var seed = 0; seed < 60; seed++)
        {
            var problem = RandomInstances.Create(seed, withMinimums: seed % 2 == 0, maxNeeds: 12, maxPledges: 12);
            var cold = _explicit.Solve(problem);
            if (cold.Allocations.Count == 0)
            {
                continue;
            }

            var first = cold.Allocations[0];
            List<Allocation> junk = [new("gone-need", first.PledgeId, 10), new(first.NeedId, first.PledgeId, 0)];
            List<Allocation> split = [.. cold.Allocations.Skip(1), first with { AmountUsdCents = first.AmountUsdCents / 2 }, first with { AmountUsdCents = first.AmountUsdCents - (first.AmountUsdCents / 2) }];
            foreach (var previous in new[] { [.. cold.Allocations, .. junk], split })
            {
                var again = _explicit.Solve(problem with { PreviousProposals = previous });

                Assert.Equal(ProposalChurn.Count(again.Allocations, previous), again.Churn);
                Assert.True(again.WeightedObjective >= cold.WeightedObjective, $"seed {seed}: below the cold solve");
            }
        }
    }

    private static HashSet<(string, string)> SomeEligiblePairs(MatchingProblem problem, int seed)
    {
        var random = new Random(seed * 7919);
        return problem.Needs
            .SelectMany(n => problem.Pledges.Where(p => Eligibility.IsEligible(n, p)).Select(p => (n.Id, p.Id)))
            .Where(_ => random.NextDouble() < 0.3)
            .ToHashSet();
    }
}
