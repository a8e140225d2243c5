using Marketplace.Matching.Engine.UnitTests.Support;
using static Marketplace.Matching.Engine.UnitTests.Support.Instances;

namespace Marketplace.Matching.Engine.UnitTests;

public sealed class MinCostFlowMatchingEngineTests
{
    private static readonly PriorityWeights Weights = new();
    private readonly MinCostFlowMatchingEngine _engine = new(Weights);
    private readonly GreedyMatchingEngine _greedy = new(Weights);

    [Fact]
    public void Solve_FirstFitTakesTheOnlyPledgeOfAnotherNeed_FundsBoth()
    {
        // Greedy gives the critical need the unearmarked P1, which the high need was the only one able to use.
        var problem = Problem(
            [Need("N1", 100, Priority.Critical, country: "GT"), Need("N2", 100, Priority.High, country: "HN")],
            [Pledge("P1", 100), Pledge("P2", 100, countries: ["GT"])]);

        var optimal = _engine.Solve(problem);
        var greedy = _greedy.Solve(problem);

        Assert.Equal(800, greedy.WeightedObjective);
        Assert.Equal(1200, optimal.WeightedObjective);
        Assert.Equal(100, AmountOf(optimal, "N1", "P2"));
        Assert.Equal(100, AmountOf(optimal, "N2", "P1"));
    }

    [Fact]
    public void Solve_FirstFitSplitsTheFlexiblePledge_KeepsItForTheNeedWithoutAlternative()
    {
        var problem = Problem(
            [Need("N1", 60, Priority.Critical, country: "GT"), Need("N2", 100, Priority.Medium, country: "HN")],
            [Pledge("P1", 100), Pledge("P2", 60, countries: ["GT"])]);

        Assert.Equal(8 * 60 + 2 * 40, _greedy.Solve(problem).WeightedObjective);
        Assert.Equal(8 * 60 + 2 * 100, _engine.Solve(problem).WeightedObjective);
    }

    [Fact]
    public void Solve_DateWindowsDecideWhichPledgeFitsWhere_MatchesByWindow()
    {
        var q1 = new DateOnly(2026, 1, 1);
        var q2 = new DateOnly(2026, 4, 1);
        var problem = Problem(
            [Need("N1", 100, Priority.High, start: q1, end: q2.AddDays(-1)), Need("N2", 100, Priority.High, start: q2)],
            [Pledge("P1", 100), Pledge("P2", 100, until: q2.AddDays(-1))]);

        var result = _engine.Solve(problem);

        Assert.Equal(800, result.WeightedObjective);
        Assert.Equal(100, AmountOf(result, "N1", "P2"));
        Assert.Equal(100, AmountOf(result, "N2", "P1"));
        Assert.Equal(400, _greedy.Solve(problem).WeightedObjective);
    }

    [Fact]
    public void Solve_MaximumAllocation_CapsEachPairAndSpreadsThePledge()
    {
        var problem = Problem(
            [Need("N1", 100, Priority.Critical), Need("N2", 100, Priority.Low)],
            [Pledge("P1", 100, max: 60)]);

        var result = _engine.Solve(problem);

        Assert.Equal(60, AmountOf(result, "N1", "P1"));
        Assert.Equal(40, AmountOf(result, "N2", "P1"));
        Assert.Equal(8 * 60 + 40, result.WeightedObjective);
    }

    [Fact]
    public void Solve_NeedSmallerThanMinimum_GetsNothingFromThatPledge()
    {
        var problem = Problem(
            [Need("N1", 250, Priority.Critical), Need("N2", 50, Priority.Critical)],
            [Pledge("P1", 300, min: 100)]);

        var result = _engine.Solve(problem);

        Assert.Equal([new Allocation("N1", "P1", 250)], result.Allocations);
    }

    [Fact]
    public void Solve_RelaxationCanSplitBelowMinimum_FindsASplitThatMeetsIt()
    {
        // 250 + 50 and 200 + 100 are equally good flows; only the second meets the minimum of 100.
        var problem = Problem(
            [Need("N1", 250, Priority.Critical), Need("N2", 150, Priority.Critical)],
            [Pledge("P1", 300, min: 100)]);

        var result = _engine.Solve(problem);

        Assert.Equal(8 * 300, result.WeightedObjective);
        Assert.All(result.Allocations, allocation => Assert.True(allocation.AmountUsdCents >= 100));
    }

    [Fact]
    public void Solve_MinimumForcesAChoice_RepairFindsTheBetterPair()
    {
        // The relaxation splits P1 70/30 over two needs; only the pair that can take ≥ 50 survives.
        var problem = Problem(
            [Need("N1", 70, Priority.Critical), Need("N2", 30, Priority.High), Need("N3", 100, Priority.Low, country: "HN")],
            [Pledge("P1", 100, min: 50), Pledge("P2", 100, countries: ["HN"])]);

        var result = _engine.Solve(problem);

        Assert.Equal(70, AmountOf(result, "N1", "P1"));
        Assert.Equal(0, AmountOf(result, "N2", "P1"));
        Assert.Equal(100, AmountOf(result, "N3", "P2"));
    }

    [Fact]
    public void Solve_TwoMinimumsCompeteForOneNeed_RepairStillFindsTheOptimum()
    {
        // The relaxation gives critical N2 80 from P1 and 20 from P3 (minimum 50). Forcing P3 to 50 wins its
        // round (it keeps the relaxed objective) but leaves P1 (minimum 80) no room in N2, so that dive ends
        // at 1280; the optimum 1520 (P1 80 + P2 20 into N2) is reached from the first round's other candidate.
        var q2 = new DateOnly(2026, 4, 1);
        var problem = Problem(
            [
                Need("N0", 10, Priority.Medium, "GT", "education", ["in-kind"], end: q2),
                Need("N1", 160, Priority.High, "GT", "education", ["grant"], end: q2),
                Need("N2", 100, Priority.Critical, "HN", "health", ["grant", "in-kind", "concessional-loan"]),
                Need("N3", 70, Priority.High, "GT", "health", ["grant", "in-kind"], start: new DateOnly(2025, 10, 1), end: q2),
                Need("N4", 40, Priority.Critical, "SV", "health", ["grant", "in-kind", "concessional-loan"]),
                Need("N5", 20, Priority.High, "SV", "education", ["in-kind", "concessional-loan"]),
                Need("N6", 20, Priority.Low, "SV", "education", ["grant", "in-kind", "concessional-loan"], start: new DateOnly(2025, 10, 1)),
            ],
            [
                Pledge("P0", 160, min: 70),
                Pledge("P1", 90, countries: ["HN"], instrument: "concessional-loan", min: 80, max: 80, from: q2),
                Pledge("P2", 30, instrument: "in-kind", max: 40, from: q2),
                Pledge("P3", 280, instrument: "concessional-loan", min: 50, max: 50, from: q2, until: new DateOnly(2026, 10, 1)),
            ]);

        var result = _engine.Solve(problem);

        FeasibilityAssert.Holds(problem, result, Weights);
        Assert.Equal(1520, CpSatReference.OptimalObjective(problem, Weights));
        Assert.Equal(1520, result.WeightedObjective);
        Assert.Equal(80, AmountOf(result, "N2", "P1"));
    }

    [Fact]
    public void Solve_NothingEligible_ReturnsNoAllocations()
    {
        var problem = Problem([Need("N1", 100, instruments: ["in-kind"])], [Pledge("P1", 100, instrument: "grant")]);

        var result = _engine.Solve(problem);

        Assert.Empty(result.Allocations);
        Assert.Equal(0, result.WeightedObjective);
    }

    [Fact]
    public void Solve_SameInputTwice_ReturnsTheSameAllocations()
    {
        var problem = Support.RandomInstances.Create(seed: 42, withMinimums: true, maxNeeds: 30, maxPledges: 30);

        Assert.Equal(_engine.Solve(problem).Allocations, _engine.Solve(problem).Allocations);
    }

    [Fact]
    public void Solve_KeptProposalAndAForcedMinimumExceedTheGap_StaysFeasible()
    {
        // Keeping last round's 50 holds its arc at 50; the repair used to force P7's minimum of 80 beside it
        // into a gap of 90, and the flow overfunded the need (130).
        var problem = Problem(
            [Need("N0", 90, Priority.Low)],
            [Pledge("P4", 60, min: 40), Pledge("P7", 90, min: 80, max: 80)],
            [new Allocation("N0", "P4", 50)]);

        var result = _engine.Solve(problem);

        FeasibilityAssert.Holds(problem, result, Weights);
        Assert.True(result.WeightedObjective >= 50, "below keeping last round's proposal");
    }
}
