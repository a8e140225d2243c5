using Marketplace.Matching.Engine.Incremental;
using Marketplace.Matching.Engine.UnitTests.Support;
using static Marketplace.Matching.Engine.UnitTests.Support.Instances;

namespace Marketplace.Matching.Engine.UnitTests;

// The incremental engine against the exact optimum of the same round, on random sequences of market events.
public sealed class IncrementalMatchingEngineTests
{
    private static readonly PriorityWeights Weights = new();

    // BulkAfter 1: every augmenting path after a round's first goes through a bulk pass (ResidualMarket.Bulk), so the
    // random sequences check the bulk passes against the exact optimum as they check the searches.
    [Theory]
    [InlineData(ResidualMarket.DefaultBulkAfter)]
    [InlineData(1)]
    public void Solve_RandomEventSequencesWithoutMinimums_EqualsTheExactOptimumAfterEveryEvent(int bulkAfter)
    {
        var incremental = 0;
        long bulkPasses = 0;
        for (var seed = 0; seed < 150; seed++)
        {
            var engine = new IncrementalMatchingEngine(Weights) { BulkAfter = bulkAfter };
            var market = new MarketScript(seed, withMinimums: false);
            var problem = market.Problem([]);
            var result = engine.Solve(problem);
            for (var step = 0; step < 25; step++)
            {
                var description = market.Step(result.Allocations);
                problem = market.Problem(market.Previous);

                result = engine.Solve(problem);

                var context = $"seed {seed}, step {step} ({description}), {engine.LastFullSolveReason}";
                FeasibilityAssert.Holds(problem, result, Weights);
                Assert.True(UnaggregatedFlowBound.WeightedObjective(problem, Weights) == result.WeightedObjective, context);
                // The next rounds rely on the potentials: each must still bound what its node reaches.
                Assert.True(engine.KeptMarket!.InvalidPotentials() is [], $"{context}: {string.Join("; ", engine.KeptMarket.InvalidPotentials())}");
            }

            incremental += engine.IncrementalSolves;
            bulkPasses += engine.BulkPasses;
        }

        // Without minimums only the first round of each sequence needs the full engine.
        Assert.Equal(150 * 25, incremental);
        Assert.True(bulkAfter > 1 || bulkPasses > 500, $"{bulkPasses} bulk passes");
    }

    [Theory]
    [InlineData(ResidualMarket.DefaultBulkAfter)]
    [InlineData(1)]
    public void Solve_BurstsOfEventsBetweenRounds_EqualsTheExactOptimumAfterEveryRound(int bulkAfter)
    {
        // Several events between two rounds (the event path under load): all of them are settled in one round.
        var random = new Random(7);
        var incremental = 0;
        long bulkPasses = 0;
        for (var seed = 300; seed < 400; seed++)
        {
            var engine = new IncrementalMatchingEngine(Weights) { BulkAfter = bulkAfter };
            var market = new MarketScript(seed, withMinimums: false);
            var result = engine.Solve(market.Problem([]));
            for (var round = 0; round < 8; round++)
            {
                var events = new List<string> { market.Step(result.Allocations) };
                for (var more = random.Next(4, 15); more > 0; more--)
                {
                    events.Add(market.Step(market.Previous));
                }

                var problem = market.Problem(market.Previous);
                result = engine.Solve(problem);

                var context = $"seed {seed}, round {round} ({string.Join(", ", events)}), {engine.LastFullSolveReason}";
                FeasibilityAssert.Holds(problem, result, Weights);
                Assert.True(UnaggregatedFlowBound.WeightedObjective(problem, Weights) == result.WeightedObjective, context);
                Assert.True(engine.KeptMarket!.InvalidPotentials() is [], $"{context}: {string.Join("; ", engine.KeptMarket.InvalidPotentials())}");
            }

            incremental += engine.IncrementalSolves;
            bulkPasses += engine.BulkPasses;
        }

        Assert.Equal(100 * 8, incremental);
        Assert.True(bulkAfter > 1 || bulkPasses > 500, $"{bulkPasses} bulk passes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Apply_RandomEventSequences_ChangesTheSameAllocationsAsSolvingTheWholeProblem(bool withMinimums)
    {
        // One engine is handed each round's whole problem, the other only what changed (as the matching service hands
        // it: the needs and pledges whose input changed, the ones that left, the proposals decided, the pairs rejected);
        // the changed pairs the second returns, applied to its last allocations, must be the first one's allocations.
        var random = new Random(11);
        var deltaRounds = 0;
        for (var seed = 500; seed < 600; seed++)
        {
            var whole = new IncrementalMatchingEngine(Weights);
            var deltas = new IncrementalMatchingEngine(Weights);
            var market = new MarketScript(seed, withMinimums);
            var problem = market.Problem([]);
            var result = whole.Solve(problem);
            var kept = deltas.Solve(problem).Allocations.ToDictionary(a => (a.NeedId, a.PledgeId), a => a.AmountUsdCents);
            for (var round = 0; round < 10; round++)
            {
                var before = problem;
                var events = new List<string> { market.Step(result.Allocations) };
                for (var more = random.Next(0, 6); more > 0; more--)
                {
                    events.Add(market.Step(market.Previous));
                }

                problem = market.Problem(market.Previous);
                result = whole.Solve(problem);

                var proposed = market.Previous.Select(a => (a.NeedId, a.PledgeId)).ToHashSet();
                var delta = new MarketDelta
                {
                    Needs = [.. problem.Needs.Except(before.Needs)],
                    Pledges = [.. problem.Pledges.Except(before.Pledges)],
                    RemovedNeeds = [.. before.Needs.Select(n => n.Id).Except(problem.Needs.Select(n => n.Id))],
                    RemovedPledges = [.. before.Pledges.Select(p => p.Id).Except(problem.Pledges.Select(p => p.Id))],
                    TakenOff = [.. kept.Keys.Where(pair => !proposed.Contains(pair))],
                    Forbidden = [.. problem.ForbiddenPairs.Except(before.ForbiddenPairs)],
                };
                if (deltas.Apply(delta) is { } changed)
                {
                    deltaRounds++;
                    // What was taken off is held by no proposal any more; a changed pair is reported against that.
                    foreach (var pair in delta.TakenOff) kept.Remove(pair);
                    foreach (var allocation in changed)
                    {
                        Assert.NotEqual(kept.GetValueOrDefault((allocation.NeedId, allocation.PledgeId)), allocation.AmountUsdCents);
                        if (allocation.AmountUsdCents == 0) kept.Remove((allocation.NeedId, allocation.PledgeId));
                        else kept[(allocation.NeedId, allocation.PledgeId)] = allocation.AmountUsdCents;
                    }
                }
                else
                {
                    kept = deltas.Solve(problem).Allocations.ToDictionary(a => (a.NeedId, a.PledgeId), a => a.AmountUsdCents);
                }

                var context = $"seed {seed}, round {round} ({string.Join(", ", events)}), {deltas.LastFullSolveReason}: {string.Join(" ", result.Allocations.OrderBy(a => (a.NeedId, a.PledgeId)))} vs {string.Join(" ", kept.OrderBy(p => p.Key))}";
                Assert.True(result.Allocations.ToDictionary(a => (a.NeedId, a.PledgeId), a => a.AmountUsdCents).OrderBy(p => p.Key)
                    .SequenceEqual(kept.OrderBy(p => p.Key)), context);
            }
        }

        // Only a round that the whole-problem engine also solved in full may fall back.
        Assert.True(deltaRounds >= (withMinimums ? 900 : 1000), $"{deltaRounds} delta rounds");
    }

    [Fact]
    public void Solve_SearchesOverTheCostModelBudget_FallBackToAFullSolveThatIsOptimal()
    {
        var engine = new IncrementalMatchingEngine(Weights) { FullSolveSweeps = 0 };
        var market = new MarketScript(42, withMinimums: false);
        var result = engine.Solve(market.Problem([]));
        for (var step = 0; step < 25; step++)
        {
            market.Step(result.Allocations);
            var problem = market.Problem(market.Previous);

            result = engine.Solve(problem);

            Assert.Equal(UnaggregatedFlowBound.WeightedObjective(problem, Weights), result.WeightedObjective);
        }

        // With no budget every round is handed to the full engine, and says why.
        Assert.Equal(26, engine.FullSolves);
        Assert.Equal("the incremental searches would cost more than a full solve", engine.LastFullSolveReason);
    }

    [Theory]
    [InlineData(ResidualMarket.DefaultBulkAfter)]
    [InlineData(1)]
    public void Solve_RandomEventSequencesWithMinimums_PlacesMinimumTicketsIncrementallyAndKeepsTheRestOptimal(int bulkAfter)
    {
        // Minimum-ticket pledges arrive, leave, change and have proposals approved or rejected like any other; the
        // rounds place them themselves (ResidualMarket.PlaceRigidPledge). Exact for the rest: with the minimum-ticket
        // allocations held as they are, the other pledges' allocations are the exact optimum of what is left.
        long incrementalObjective = 0;
        long fullObjective = 0;
        var fullSolveRounds = new List<string>();
        var full = new MinCostFlowMatchingEngine(Weights);
        for (var seed = 1000; seed < 1080; seed++)
        {
            var engine = new IncrementalMatchingEngine(Weights) { BulkAfter = bulkAfter };
            var market = new MarketScript(seed, withMinimums: true);
            var result = engine.Solve(market.Problem([]));
            for (var step = 0; step < 20; step++)
            {
                var description = market.Step(result.Allocations);
                var problem = market.Problem(market.Previous);
                var fullSolvesBefore = engine.FullSolves;

                result = engine.Solve(problem);

                var context = $"seed {seed}, step {step} ({description}), {engine.LastFullSolveReason}";
                FeasibilityAssert.Holds(problem, result, Weights);
                Assert.True(result.WeightedObjective <= UnaggregatedFlowBound.WeightedObjective(problem, Weights), context);
                var (movable, optimum) = MovablePart(problem, result);
                Assert.True(movable == optimum, $"{context}: the pledges without a minimum reach {movable}, exact {optimum}");
                if (engine.FullSolves > fullSolvesBefore)
                {
                    fullSolveRounds.Add(engine.LastFullSolveReason);
                }

                incrementalObjective += result.WeightedObjective;
                fullObjective += full.Solve(problem with { PreviousProposals = [] }).WeightedObjective;
            }
        }

        // Only a need lowered below what minimum tickets alone give it still needs the full engine.
        Assert.All(fullSolveRounds, reason => Assert.Equal("an overfunded need is held only by minimum-ticket allocations", reason));
        Assert.True(fullSolveRounds.Count < 80 * 20 / 20, $"{fullSolveRounds.Count} full solves");
        // Placing one pledge at a time on the optimum of the rest is a heuristic, as the full engine's repair is; over
        // all rounds it must stay close to the full engine solving each round from nothing.
        Assert.True(incrementalObjective >= fullObjective * 0.97, $"incremental {incrementalObjective}, full {fullObjective}");
    }

    // The weighted objective of the result's allocations by pledges without a minimum ticket, and the exact optimum of
    // those pledges on the needs' gaps less what the minimum-ticket allocations give them.
    private static (long Movable, long Optimum) MovablePart(MatchingProblem problem, MatchingResult result)
    {
        var rigid = problem.Pledges.Where(p => p.MinAllocationUsdCents is > 1).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var held = result.Allocations.Where(a => rigid.Contains(a.PledgeId))
            .GroupBy(a => a.NeedId).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountUsdCents), StringComparer.Ordinal);
        var priorities = problem.Needs.ToDictionary(n => n.Id, n => n.Priority, StringComparer.Ordinal);
        var movable = result.Allocations.Where(a => !rigid.Contains(a.PledgeId)).Sum(a => Weights.Of(priorities[a.NeedId]) * a.AmountUsdCents);
        var rest = problem with
        {
            Needs = [.. problem.Needs.Select(n => n with { RemainingUsdCents = n.RemainingUsdCents - held.GetValueOrDefault(n.Id) })],
            Pledges = [.. problem.Pledges.Where(p => !rigid.Contains(p.Id))],
            PreviousProposals = [],
        };
        return (movable, UnaggregatedFlowBound.WeightedObjective(rest, Weights));
    }

    // A heavy gap that much of the market reaches: many small pledges, several of them capped or earmarked, fund many
    // light needs; then a large critical need arrives, the pledge giving it the most is withdrawn, and a large
    // unearmarked pledge arrives. Each is settled incrementally, with bulk passes, to the exact optimum with valid
    // potentials, and the part of the market the change cannot reach (another instrument) keeps its allocations.
    [Fact]
    public void Solve_HeavyGapsReachedByMuchOfTheMarket_AreFilledInBulkToTheExactOptimum()
    {
        var bulkRounds = new Dictionary<string, int>();
        for (var seed = 0; seed < 12; seed++)
        {
            var random = new Random(seed);
            var engine = new IncrementalMatchingEngine(Weights);
            string[] countries = ["GT", "HN", "SV"];
            string[] sectors = ["health", "education"];
            var needs = new List<NeedInput>();
            var pledges = new List<PledgeInput>();
            for (var i = 0; i < 60; i++)
            {
                var instrument = i % 6 == 0 ? "in-kind" : "grant";
                needs.Add(Need($"N{i}", 10 * random.Next(5, 40), (Priority)random.Next(1, 4), countries[random.Next(3)], sectors[random.Next(2)], [instrument]));
                pledges.Add(Pledge(
                    $"P{i}", 10 * random.Next(3, 30),
                    countries: random.NextDouble() < 0.6 ? [] : [countries[random.Next(3)]],
                    sectors: random.NextDouble() < 0.6 ? [] : [sectors[random.Next(2)]],
                    instrument: instrument, max: random.NextDouble() < 0.2 ? 10 * random.Next(2, 10) : null));
            }

            var result = engine.Solve(Problem([.. needs], [.. pledges]));
            var inKind = result.Allocations.Where(a => needs.Single(n => n.Id == a.NeedId).Instruments.Contains("in-kind")).ToHashSet();

            needs.Add(Need("critical", pledges.Sum(p => p.RemainingUsdCents) / 4, Priority.Critical, "GT", "health"));
            result = AssertExactRound(engine, needs, pledges, result, $"seed {seed}", "critical need added", bulkRounds);
            Assert.Subset(result.Allocations.ToHashSet(), inKind);

            var busiest = result.Allocations.Where(a => a.NeedId == "critical").MaxBy(a => a.AmountUsdCents)!.PledgeId;
            pledges.RemoveAll(p => p.Id == busiest);
            result = AssertExactRound(engine, needs, pledges, result, $"seed {seed}", "its largest funder withdrawn", bulkRounds);

            pledges.Add(Pledge("large", needs.Sum(n => n.RemainingUsdCents) / 3));
            result = AssertExactRound(engine, needs, pledges, result, $"seed {seed}", "large pledge added", bulkRounds);
            Assert.Subset(result.Allocations.ToHashSet(), inKind);

            Assert.Equal(1, engine.FullSolves);
        }

        // Most of these rounds take more paths than the searches are left to find one by one.
        Assert.Equal(3, bulkRounds.Count);
        Assert.All(bulkRounds, kind => Assert.True(kind.Value >= 6, $"{kind.Key}: {kind.Value} of 12 rounds filled in bulk"));
    }

    private static MatchingResult AssertExactRound(
        IncrementalMatchingEngine engine, List<NeedInput> needs, List<PledgeInput> pledges, MatchingResult previous,
        string seed, string change, Dictionary<string, int> bulkRounds)
    {
        var context = $"{seed}, {change}";
        var live = pledges.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var problem = Problem([.. needs], [.. pledges], [.. previous.Allocations.Where(a => live.Contains(a.PledgeId))]);
        var bulkBefore = engine.BulkPasses;

        var result = engine.Solve(problem);

        FeasibilityAssert.Holds(problem, result, Weights);
        Assert.True(UnaggregatedFlowBound.WeightedObjective(problem, Weights) == result.WeightedObjective, context);
        Assert.True(engine.KeptMarket!.InvalidPotentials() is [], $"{context}: {string.Join("; ", engine.KeptMarket.InvalidPotentials())}");
        if (engine.BulkPasses > bulkBefore)
        {
            bulkRounds[change] = bulkRounds.GetValueOrDefault(change) + 1;
        }

        return result;
    }

    [Fact]
    public void Solve_NewPledgeDisplacesAFlexibleOne_MovesOnlyThePairsOnItsPath()
    {
        // P1 (unearmarked) funds the critical GT need; a new pledge earmarked to GT frees P1 for HN.
        var engine = new IncrementalMatchingEngine(Weights);
        NeedInput[] needs = [Need("GT-1", 100, Priority.Critical, country: "GT"), Need("HN-1", 100, Priority.High, country: "HN"), Need("SV-1", 50, Priority.Low, country: "SV")];
        var first = engine.Solve(Problem(needs, [Pledge("P1", 100), Pledge("P3", 50, countries: ["SV"])]));
        Assert.Equal(100, AmountOf(first, "GT-1", "P1"));

        var second = engine.Solve(Problem(needs, [Pledge("P1", 100), Pledge("P3", 50, countries: ["SV"]), Pledge("P2", 100, countries: ["GT"])], [.. first.Allocations]));

        Assert.Equal(1, engine.IncrementalSolves);
        Assert.Equal(100, AmountOf(second, "GT-1", "P2"));
        Assert.Equal(100, AmountOf(second, "HN-1", "P1"));
        Assert.Equal(50, AmountOf(second, "SV-1", "P3"));
        Assert.Equal(8 * 100 + 4 * 100 + 50, second.WeightedObjective);
    }

    [Fact]
    public void Solve_RejectionOfTheCriticalPair_MovesThePledgeToTheLowNeedWithoutAFullSolve()
    {
        var engine = new IncrementalMatchingEngine(Weights);
        NeedInput[] needs = [Need("critical", 100, Priority.Critical, country: "PA"), Need("low", 100, Priority.Low, country: "PA")];
        PledgeInput[] pledges = [Pledge("P1", 100)];
        engine.Solve(Problem(needs, pledges));

        var result = engine.Solve(Problem(needs, pledges) with { ForbiddenPairs = new HashSet<(string, string)> { ("critical", "P1") } });

        Assert.Equal(1, engine.IncrementalSolves);
        Assert.Equal(100, AmountOf(result, "low", "P1"));
    }

    [Fact]
    public void Solve_ProposalsThatAnotherReplicaChanged_FallsBackToAFullSolve()
    {
        var engine = new IncrementalMatchingEngine(Weights);
        NeedInput[] needs = [Need("N1", 100, Priority.High)];
        PledgeInput[] pledges = [Pledge("P1", 100)];
        engine.Solve(Problem(needs, pledges));

        engine.Solve(Problem(needs, pledges, [new Allocation("N1", "P1", 60)]));

        Assert.Equal(2, engine.FullSolves);
        Assert.Equal("last round's proposals differ from the kept allocations", engine.LastFullSolveReason);
    }

    // A market that changes one event at a time: needs and pledges arrive, leave or change their remainder or
    // priority, proposals are approved (both remainders fall by the amount) or rejected (the pair is forbidden).
    private sealed class MarketScript
    {
        private static readonly string[] Countries = ["GT", "HN", "SV"];
        private static readonly string[] Sectors = ["health", "education"];
        private static readonly string[] InstrumentNames = ["grant", "in-kind", "concessional-loan"];

        private readonly Random _random;
        private readonly bool _withMinimums;
        private readonly List<NeedInput> _needs;
        private readonly List<PledgeInput> _pledges;
        private readonly HashSet<(string, string)> _forbidden = [];
        private int _next = 100;

        public MarketScript(int seed, bool withMinimums)
        {
            _random = new Random(seed);
            _withMinimums = withMinimums;
            var initial = RandomInstances.Create(seed, withMinimums, maxNeeds: 12, maxPledges: 12);
            _needs = [.. initial.Needs];
            _pledges = [.. initial.Pledges];
        }

        public List<Allocation> Previous { get; private set; } = [];

        public MatchingProblem Problem(List<Allocation> previous) =>
            new(_needs.ToList(), _pledges.ToList(), previous) { ForbiddenPairs = _forbidden.ToHashSet() };

        public string Step(IReadOnlyList<Allocation> proposals)
        {
            // Within a burst an earlier event may have withdrawn a proposal's need or pledge: it cannot be decided then.
            Previous = [.. proposals.Where(a => _needs.Exists(n => n.Id == a.NeedId) && _pledges.Exists(p => p.Id == a.PledgeId))];
            var roll = _random.Next(9);
            switch (roll)
            {
                case 0:
                    _needs.Add(NewNeed());
                    return "need added";
                case 1:
                    _pledges.Add(NewPledge());
                    return "pledge added";
                case 2 when _needs.Count > 1:
                    _needs.RemoveAt(_random.Next(_needs.Count));
                    return "need withdrawn";
                case 3 when _pledges.Count > 1:
                    _pledges.RemoveAt(_random.Next(_pledges.Count));
                    return "pledge withdrawn";
                case 4:
                    var n = _random.Next(_needs.Count);
                    _needs[n] = _needs[n] with { RemainingUsdCents = 10 * _random.Next(1, 25) };
                    return "need amount changed";
                case 5:
                    var p = _random.Next(_pledges.Count);
                    _pledges[p] = _pledges[p] with { RemainingUsdCents = 10 * _random.Next(1, 35) };
                    return "pledge amount changed";
                case 6 when Previous.Count > 0:
                    var approved = Previous[_random.Next(Previous.Count)];
                    Previous.Remove(approved);
                    Reduce(approved);
                    return "proposal approved";
                case 7 when Previous.Count > 0:
                    var rejected = Previous[_random.Next(Previous.Count)];
                    Previous.Remove(rejected);
                    _forbidden.Add((rejected.NeedId, rejected.PledgeId));
                    return "proposal rejected";
                case 8:
                    var m = _random.Next(_needs.Count);
                    _needs[m] = _needs[m] with { Priority = (Priority)_random.Next(4) };
                    return "need priority changed";
                default:
                    _pledges.Add(NewPledge());
                    return "pledge added";
            }
        }

        private void Reduce(Allocation approved)
        {
            var n = _needs.FindIndex(x => x.Id == approved.NeedId);
            _needs[n] = _needs[n] with { RemainingUsdCents = Math.Max(0, _needs[n].RemainingUsdCents - approved.AmountUsdCents) };
            var p = _pledges.FindIndex(x => x.Id == approved.PledgeId);
            _pledges[p] = _pledges[p] with { RemainingUsdCents = Math.Max(0, _pledges[p].RemainingUsdCents - approved.AmountUsdCents) };
        }

        private NeedInput NewNeed() => new(
            $"N{_next++}", Pick(Countries), Pick(Sectors),
            Set(InstrumentNames.Where(_ => _random.NextDouble() < 0.6).DefaultIfEmpty("grant").ToArray()),
            (Priority)_random.Next(4), 10 * _random.Next(1, 21), null, null);

        private PledgeInput NewPledge()
        {
            var remaining = 10 * _random.Next(1, 31);
            long? min = _withMinimums && _random.NextDouble() < 0.3 ? 10 * _random.Next(2, 6) : null;
            long? max = _random.NextDouble() < 0.3 ? Math.Max(min ?? 0, 10 * _random.Next(1, 12)) : null;
            return new PledgeInput(
                $"P{_next++}",
                Set(_random.NextDouble() < 0.5 ? [] : Countries.Where(_ => _random.NextDouble() < 0.5).ToArray()),
                Set(_random.NextDouble() < 0.5 ? [] : Sectors.Where(_ => _random.NextDouble() < 0.5).ToArray()),
                Pick(InstrumentNames), remaining, min, max, null, null);
        }

        private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
    }
}
