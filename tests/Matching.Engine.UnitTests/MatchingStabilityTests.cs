using static Marketplace.Matching.Engine.UnitTests.Support.Instances;

namespace Marketplace.Matching.Engine.UnitTests;

public sealed class MatchingStabilityTests
{
    private readonly MinCostFlowMatchingEngine _engine = new(new PriorityWeights());

    [Theory]
    [InlineData("P1")]
    [InlineData("P2")]
    public void Solve_TwoEquallyGoodPledges_KeepsThePreviousChoice(string previousPledge)
    {
        var problem = Problem(
            [Need("N1", 100, Priority.High)],
            [Pledge("P1", 100), Pledge("P2", 100, countries: ["GT"])],
            [new Allocation("N1", previousPledge, 100)]);

        var result = _engine.Solve(problem);

        Assert.Equal([new Allocation("N1", previousPledge, 100)], result.Allocations);
        Assert.Equal(0, result.Churn);
    }

    [Fact]
    public void Solve_OneProposalApproved_KeepsTheOthers()
    {
        // Round 1 proposed N1←P1 and N2←P2. N1←P1 was approved: the host subtracted it and passes the rest.
        var needs = new[] { Need("N1", 100, Priority.High, instruments: ["grant", "in-kind"]), Need("N2", 100, Priority.High) };
        var pledges = new[] { Pledge("P1", 100), Pledge("P2", 100, instrument: "grant"), Pledge("P3", 100, instrument: "in-kind") };
        var first = _engine.Solve(Problem(needs, pledges));
        var approved = first.Allocations[0];
        var afterApproval = Problem(
            [.. needs.Select(n => n.Id == approved.NeedId ? n with { RemainingUsdCents = n.RemainingUsdCents - approved.AmountUsdCents } : n)],
            [.. pledges.Select(p => p.Id == approved.PledgeId ? p with { RemainingUsdCents = p.RemainingUsdCents - approved.AmountUsdCents } : p)],
            [.. first.Allocations.Skip(1)]);

        var second = _engine.Solve(afterApproval);

        Assert.Equal(first.Allocations.Skip(1), second.Allocations);
        Assert.Equal(0, second.Churn);
    }

    [Fact]
    public void Solve_PreviousProposalNowCostsObjective_MovesTheMoney()
    {
        var problem = Problem(
            [Need("N1", 100, Priority.Low), Need("N2", 100, Priority.Critical)],
            [Pledge("P1", 100)],
            [new Allocation("N1", "P1", 100)]);

        var result = _engine.Solve(problem);

        Assert.Equal([new Allocation("N2", "P1", 100)], result.Allocations);
        Assert.Equal(2, result.Churn);
    }

    [Fact]
    public void Solve_PreviousPairWithCapAndMinimum_KeepsItWhenStillOptimal()
    {
        var problem = Problem(
            [Need("N1", 100, Priority.Medium), Need("N2", 100, Priority.Medium)],
            [Pledge("P1", 100, min: 40, max: 60)],
            [new Allocation("N2", "P1", 60), new Allocation("N1", "P1", 40)]);

        var result = _engine.Solve(problem);

        Assert.Equal(0, result.Churn);
    }

    [Fact]
    public void Solve_PreviousResultResubmitted_ReturnsItUnchanged()
    {
        for (var seed = 0; seed < 150; seed++)
        {
            var problem = Support.RandomInstances.Create(seed, withMinimums: false, maxNeeds: 12, maxPledges: 12);
            var first = _engine.Solve(problem);

            var second = _engine.Solve(problem with { PreviousProposals = first.Allocations });

            Assert.Equal(first.Allocations, second.Allocations);
            Assert.Equal(0, second.Churn);
        }
    }

    [Fact]
    public void Solve_PreviousResultWithMinimumsResubmitted_ChangesOnlyForABetterObjective()
    {
        // With minimums the first round is a repaired heuristic solution, so a second look may find a better
        // one; it must never find a worse one, and on equal objective it must keep every proposal.
        var improved = 0;
        for (var seed = 0; seed < 150; seed++)
        {
            var problem = Support.RandomInstances.Create(seed, withMinimums: true, maxNeeds: 12, maxPledges: 12);
            var first = _engine.Solve(problem);

            var second = _engine.Solve(problem with { PreviousProposals = first.Allocations });

            Assert.True(second.WeightedObjective >= first.WeightedObjective, $"seed {seed}: worse on re-solve");
            if (second.WeightedObjective == first.WeightedObjective)
            {
                Assert.Equal(first.Allocations, second.Allocations);
                Assert.Equal(0, second.Churn);
            }
            else
            {
                improved++;
            }
        }

        Assert.True(improved < 15, $"{improved} of 150 re-solves changed: the repair is too erratic");
    }
    [Fact]
    public void Solve_PreviousProposalsFarFromTheOptimum_ReachesTheExactOptimumChangingFewerProposals()
    {
        // The warm start begins from last round's proposals (here the greedy baseline's) and only the pairs on its
        // augmenting paths change: the objective is the exact optimum, and fewer proposals change than if the cold
        // optimum replaced them.
        var greedy = new GreedyMatchingEngine(new PriorityWeights());
        long warmChurn = 0;
        long coldChurn = 0;
        for (var seed = 0; seed < 150; seed++)
        {
            var problem = Support.RandomInstances.Create(seed, withMinimums: false, maxNeeds: 12, maxPledges: 12);
            var previous = greedy.Solve(problem).Allocations;
            var cold = _engine.Solve(problem);

            var warm = _engine.Solve(problem with { PreviousProposals = previous });

            Support.FeasibilityAssert.Holds(problem, warm, new PriorityWeights());
            Assert.Equal(UnaggregatedFlowBound.WeightedObjective(problem, new PriorityWeights()), warm.WeightedObjective);
            warmChurn += warm.Churn;
            coldChurn += ProposalChurn.Count(cold.Allocations, previous);
        }

        Assert.True(warmChurn < coldChurn, $"warm start changed {warmChurn} proposals, the cold optimum {coldChurn}");
    }

    [Fact]
    public void Solve_PreviousProposalsWithMinimums_NeverBelowTheColdSolve()
    {
        var greedy = new GreedyMatchingEngine(new PriorityWeights());
        for (var seed = 0; seed < 150; seed++)
        {
            var problem = Support.RandomInstances.Create(seed, withMinimums: true, maxNeeds: 12, maxPledges: 12);
            var cold = _engine.Solve(problem);

            var warm = _engine.Solve(problem with { PreviousProposals = greedy.Solve(problem).Allocations });

            Support.FeasibilityAssert.Holds(problem, warm, new PriorityWeights());
            Assert.True(warm.WeightedObjective >= cold.WeightedObjective, $"seed {seed}: {warm.WeightedObjective} < {cold.WeightedObjective}");
        }
    }
}
