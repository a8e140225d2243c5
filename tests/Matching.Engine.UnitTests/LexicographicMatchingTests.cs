using Marketplace.Matching.Engine.Fund;
using Marketplace.Matching.Engine.Incremental;
using Marketplace.Matching.Engine.UnitTests.Support;
using static Marketplace.Matching.Engine.UnitTests.Support.Instances;

namespace Marketplace.Matching.Engine.UnitTests;

// The MIRPS Fund's rule (API.md "MIRPS Fund"): first the bilateral optimum exactly as without the Fund, then
// the Fund's pledges on what it left of the referred needs only.
public sealed class LexicographicMatchingTests
{
    private static readonly PriorityWeights Weights = new();

    private static LexicographicMatching Engine() => new(new MinCostFlowMatchingEngine(Weights), new MinCostFlowMatchingEngine(Weights));

    [Fact]
    public void Solve_RandomInstances_BilateralProposalsAndObjectiveAreIdenticalWithAndWithoutFundPledges()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var bilateral = RandomInstances.Create(seed, withMinimums: seed % 2 == 0, maxNeeds: 12, maxPledges: 10);
            var (withFund, market) = WithFund(bilateral, seed);

            var alone = Engine().Solve(bilateral, FundMarket.None);
            var together = Engine().Solve(withFund, market);

            Assert.Equal(Sorted(alone.Bilateral.Allocations), Sorted(together.Bilateral.Allocations));
            Assert.Equal(alone.Bilateral.WeightedObjective, together.Bilateral.WeightedObjective);
            Assert.Equal(new MinCostFlowMatchingEngine(Weights).Solve(bilateral).WeightedObjective, together.Bilateral.WeightedObjective);
            Assert.Empty(alone.Fund.Allocations);
            Assert.DoesNotContain(together.Bilateral.Allocations, a => market.FundPledgeIds.Contains(a.PledgeId));
        }
    }

    [Fact]
    public void Solve_RandomInstances_FundMoneyGoesOnlyToReferredNeedsAndOnlyToWhatBilateralMoneyLeft()
    {
        var fundUsed = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var (problem, market) = WithFund(RandomInstances.Create(seed, withMinimums: seed % 3 == 0, maxNeeds: 12, maxPledges: 10), seed);

            var result = Engine().Solve(problem, market);

            var needs = problem.Needs.ToDictionary(n => n.Id);
            var pledges = problem.Pledges.ToDictionary(p => p.Id);
            foreach (var a in result.Fund.Allocations)
            {
                Assert.Contains(a.NeedId, market.ReferredNeedIds);
                Assert.Contains(a.PledgeId, market.FundPledgeIds);
                Assert.True(problem.Allows(needs[a.NeedId], pledges[a.PledgeId]), $"seed {seed}: ineligible Fund allocation");
                Assert.True(a.AmountUsdCents > 0);
            }
            foreach (var need in problem.Needs)
            {
                var total = result.Allocations.Where(a => a.NeedId == need.Id).Sum(a => a.AmountUsdCents);
                Assert.True(total <= need.RemainingUsdCents, $"seed {seed}: {need.Id} over-funded");
            }
            foreach (var pledge in problem.Pledges)
            {
                Assert.True(result.Allocations.Where(a => a.PledgeId == pledge.Id).Sum(a => a.AmountUsdCents) <= pledge.RemainingUsdCents);
            }
            if (problem.Pledges.All(p => p.MinAllocationUsdCents is null)) AssertFundLeavesNoReachableGap(problem, market, result, seed);
            fundUsed += result.Fund.Allocations.Count;
        }
        Assert.True(fundUsed > 100, $"the instances exercise the Fund stage ({fundUsed} Fund allocations)");
    }

    [Fact]
    public void Solve_FundPledgeBiggerThanEverything_NeverDisplacesBilateralMoneyNorReachesANeedThatIsNotReferred()
    {
        var problem = Problem(
            [Need("referred", 100, Priority.Critical), Need("other", 80, Priority.Critical)],
            [Pledge("bilateral", 60), Pledge("fund", 1_000)]);
        var market = new FundMarket(Set("fund"), Set("referred"));

        var result = Engine().Solve(problem, market);

        Assert.Equal(60, AmountOf(result.Bilateral, "referred", "bilateral") + AmountOf(result.Bilateral, "other", "bilateral"));
        var bilateralToReferred = AmountOf(result.Bilateral, "referred", "bilateral");
        Assert.Equal(100 - bilateralToReferred, AmountOf(result.Fund, "referred", "fund"));
        Assert.Equal(0, AmountOf(result.Fund, "other", "fund"));
    }

    [Fact]
    public void Solve_PreviousFundProposals_AreKeptOutOfTheBilateralStageAndKeptByTheFundStage()
    {
        var problem = Problem([Need("n", 100)], [Pledge("bilateral", 30), Pledge("fund", 500)],
            [new Allocation("n", "bilateral", 30), new Allocation("n", "fund", 70)]);

        var result = Engine().Solve(problem, new FundMarket(Set("fund"), Set("n")));

        Assert.Equal([new Allocation("n", "bilateral", 30)], result.Bilateral.Allocations);
        Assert.Equal([new Allocation("n", "fund", 70)], result.Fund.Allocations);
        Assert.Equal(0, result.Fund.Churn);
    }

    // Without minimums the Fund stage is the optimum on the residual: no referred need keeps a gap that an
    // eligible Fund pledge with money left (and room under its cap for that need) could fill.
    private static void AssertFundLeavesNoReachableGap(MatchingProblem problem, FundMarket market, LexicographicResult result, int seed)
    {
        foreach (var need in problem.Needs.Where(n => market.ReferredNeedIds.Contains(n.Id)))
        {
            var gap = need.RemainingUsdCents - result.Allocations.Where(a => a.NeedId == need.Id).Sum(a => a.AmountUsdCents);
            if (gap <= 0) continue;
            foreach (var pledge in problem.Pledges.Where(p => market.FundPledgeIds.Contains(p.Id) && problem.Allows(need, p)))
            {
                var left = pledge.RemainingUsdCents - result.Fund.Allocations.Where(a => a.PledgeId == pledge.Id).Sum(a => a.AmountUsdCents);
                var room = (pledge.MaxAllocationUsdCents ?? long.MaxValue) - AmountOf(result.Fund, need.Id, pledge.Id);
                Assert.False(left > 0 && room > 0, $"seed {seed}: {need.Id} keeps a gap of {gap} while {pledge.Id} has {left} left");
            }
        }
    }

    [Fact]
    public void Apply_RandomChanges_GivesTheAllocationsOfSolvingTheWholeProblem_AndKeepsFundPledgesOutOfTheBilateralStage()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var (problem, market) = WithFund(RandomInstances.Create(seed, withMinimums: false, maxNeeds: 12, maxPledges: 10), seed);
            var whole = new LexicographicMatching(new IncrementalMatchingEngine(Weights), new MinCostFlowMatchingEngine(Weights));
            var deltas = new LexicographicMatching(new IncrementalMatchingEngine(Weights), new MinCostFlowMatchingEngine(Weights));
            var first = whole.Solve(problem, market).Allocations.ToList();
            Assert.Equal(Sorted(first), Sorted(deltas.Solve(problem, market).Allocations));

            // One bilateral pledge and one Fund pledge resized, one need resized.
            var bilateralPledge = problem.Pledges.Where(p => !market.FundPledgeIds.Contains(p.Id)).ElementAt(random.Next(problem.Pledges.Count - market.FundPledgeIds.Count));
            var fundPledge = problem.Pledges.First(p => market.FundPledgeIds.Contains(p.Id));
            var need = problem.Needs[random.Next(problem.Needs.Count)];
            var changed = new[]
            {
                bilateralPledge with { RemainingUsdCents = 10 * random.Next(1, 30) },
                fundPledge with { RemainingUsdCents = 10 * random.Next(1, 30) },
            };
            var resized = need with { RemainingUsdCents = 10 * random.Next(1, 30) };
            var next = problem with
            {
                Needs = [.. problem.Needs.Select(n => n.Id == need.Id ? resized : n)],
                Pledges = [.. problem.Pledges.Select(p => changed.FirstOrDefault(c => c.Id == p.Id) ?? p)],
                PreviousProposals = first,
            };
            var expected = whole.Solve(next, market).Allocations.ToList();
            var fundPrevious = first.Where(a => market.FundPledgeIds.Contains(a.PledgeId)).ToList();
            var stage = new FundStage([.. next.Needs.Where(n => market.ReferredNeedIds.Contains(n.Id))],
                [.. next.Pledges.Where(p => market.FundPledgeIds.Contains(p.Id))], fundPrevious, next.ForbiddenPairs);

            var changes = deltas.Apply(new MarketDelta { Needs = [resized], Pledges = changed }, market, stage);

            Assert.NotNull(changes);
            var kept = first.ToDictionary(a => (a.NeedId, a.PledgeId), a => a.AmountUsdCents);
            foreach (var allocation in changes)
            {
                if (allocation.AmountUsdCents == 0) kept.Remove((allocation.NeedId, allocation.PledgeId));
                else kept[(allocation.NeedId, allocation.PledgeId)] = allocation.AmountUsdCents;
            }
            Assert.Equal(Sorted(expected), Sorted(kept.Select(p => new Allocation(p.Key.NeedId, p.Key.PledgeId, p.Value))));
            Assert.All(kept.Keys.Where(pair => market.FundPledgeIds.Contains(pair.PledgeId)), pair => Assert.Contains(pair.NeedId, market.ReferredNeedIds));
        }
    }

    private static (MatchingProblem Problem, FundMarket Market) WithFund(MatchingProblem bilateral, int seed)
    {
        var random = new Random(seed * 7919 + 1);
        var fundPledges = Enumerable.Range(0, random.Next(1, 4)).Select(i => Pledge($"F{i}", 10 * random.Next(5, 40),
            countries: random.NextDouble() < 0.6 ? [] : ["GT", "HN"], instrument: random.NextDouble() < 0.7 ? "grant" : "in-kind",
            max: random.NextDouble() < 0.2 ? 10 * random.Next(2, 10) : null)).ToList();
        var referred = bilateral.Needs.Where(_ => random.NextDouble() < 0.5).Select(n => n.Id).ToArray();
        var problem = bilateral with { Pledges = [.. bilateral.Pledges, .. fundPledges] };
        return (problem, new FundMarket(Set([.. fundPledges.Select(p => p.Id)]), Set(referred)));
    }

    private static List<Allocation> Sorted(IEnumerable<Allocation> allocations) =>
        [.. allocations.OrderBy(a => a.NeedId, StringComparer.Ordinal).ThenBy(a => a.PledgeId, StringComparer.Ordinal)];
}
