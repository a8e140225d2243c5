using System.Diagnostics;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Engine.Incremental;

namespace Marketplace.Matching.Benchmarks;

// The host's steady state: one change, then a round, as MatchingRoundRunner does it: the change goes to the engine
// as a delta (IncrementalMatchingEngine.Apply), which returns the allocations it changed, and only a round the delta
// path hands back is solved as a whole problem with the host's proposals as previous proposals. Changes are drawn like the market's events: new pledges and needs,
// approvals (both remainders fall by the amount), rejections (the pair is forbidden), withdrawn pledges and
// changed need amounts. Each round is timed; the first is the full solve that seeds the kept market.
// A burst (changesPerRound > 1) is the event path's load instead: that many pledges posted between two rounds,
// without a minimum ticket, as the gateway benchmark posts them.
internal static class IncrementalRun
{
    public static IncrementalMeasurement Run(MatchingProblem start, int rounds, int seed, int changesPerRound = 1)
    {
        var weights = new PriorityWeights();
        var engine = new IncrementalMatchingEngine(weights);
        var generator = new InstanceGenerator(seed);
        var random = new Random(seed);
        var needs = start.Needs.ToList();
        var pledges = start.Pledges.ToList();
        var forbidden = new HashSet<(string, string)>();
        var clock = Stopwatch.StartNew();
        var first = engine.Solve(start);
        var seedMs = clock.Elapsed.TotalMilliseconds;
        // The allocations the host holds as proposals, kept up to date from what each round changed.
        var current = first.Allocations.ToDictionary(a => (a.NeedId, a.PledgeId), a => a.AmountUsdCents);

        var incrementalMs = new List<double>();
        var fullMs = new List<double>();
        // Every round, full-solve rounds included: what the targets are judged on.
        var roundMs = new List<double>();
        var roundCpuMs = new List<double>();
        var bulkRounds = 0;
        var process = Process.GetCurrentProcess();
        var reasons = new Dictionary<string, int>();
        var methods = new Dictionary<string, int>();
        var augmentations = new List<long>();
        var churn = new List<int>();
        var next = needs.Count + pledges.Count;
        for (var round = 0; round < rounds; round++)
        {
            // The round's delta, as the host's market cache hands it over (MatchingRoundRunner).
            var addedNeeds = new List<NeedInput>();
            var addedPledges = new List<PledgeInput>();
            var removedPledges = new List<string>();
            var takenOff = new List<(string NeedId, string PledgeId)>();
            var rejected = new List<(string NeedId, string PledgeId)>();
            void Post(PledgeInput pledge)
            {
                pledges.Add(pledge);
                addedPledges.Add(pledge);
            }

            for (var change = 1; change < changesPerRound; change++)
            {
                Post(generator.NextPledge(next++) with { Id = $"pledge-burst-{round}-{change}", MinAllocationUsdCents = null });
            }

            var roll = changesPerRound > 1 ? 0 : random.NextDouble();
            var kind = "burst";
            if (changesPerRound > 1)
            {
                Post(generator.NextPledge(next++) with { Id = $"pledge-new-{round}", MinAllocationUsdCents = null });
            }
            else if (roll < 0.35)
            {
                kind = "new pledge";
                Post(generator.NextPledge(next++) with { Id = $"pledge-new-{round}" });
            }
            else if (roll < 0.55)
            {
                kind = "new need";
                needs.Add(generator.NextNeed(next++) with { Id = $"need-new-{round}" });
                addedNeeds.Add(needs[^1]);
            }
            else if (roll < 0.75 && current.Count > 0)
            {
                kind = "approval";
                var approved = Pick(current, random);
                takenOff.Add(approved);
                var (need, pledge) = Reduce(needs, pledges, approved, current[approved]);
                addedNeeds.Add(need);
                addedPledges.Add(pledge);
            }
            else if (roll < 0.85 && current.Count > 0)
            {
                kind = "rejection";
                var pair = Pick(current, random);
                takenOff.Add(pair);
                rejected.Add(pair);
                forbidden.Add(pair);
            }
            else if (roll < 0.95)
            {
                kind = "withdrawn pledge";
                var index = random.Next(pledges.Count);
                removedPledges.Add(pledges[index].Id);
                pledges.RemoveAt(index);
            }
            else
            {
                kind = "larger need";
                var index = random.Next(needs.Count);
                needs[index] = needs[index] with { RemainingUsdCents = needs[index].RemainingUsdCents * 3 / 2 };
                addedNeeds.Add(needs[index]);
            }

            var delta = new MarketDelta
            {
                Needs = addedNeeds, Pledges = addedPledges, RemovedPledges = removedPledges, TakenOff = takenOff, Forbidden = rejected,
            };
            foreach (var pair in takenOff)
            {
                current.Remove(pair);
            }

            var fullBefore = engine.FullSolves;
            var augmentationsBefore = engine.Augmentations;
            var bulkBefore = engine.BulkPasses;
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            clock.Restart();
            // The delta path, and the whole problem only when it asks for a full solve, as the host does.
            var changed = engine.Apply(delta);
            MatchingResult? whole = null;
            if (changed is null)
            {
                var previous = current.Select(a => new Allocation(a.Key.NeedId, a.Key.PledgeId, a.Value)).ToList();
                whole = engine.Solve(new MatchingProblem(needs.ToList(), pledges.ToList(), previous) { ForbiddenPairs = forbidden.ToHashSet() });
            }

            var elapsed = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            if (Environment.GetEnvironmentVariable("MATCHING_BENCH_TRACE") is not null)
            {
                Console.Error.WriteLine($"round {round} ({kind}): {elapsed:F1} ms, cpu {cpu:F0} ms, work {engine.LastRoundWork}, {(engine.FullSolves > fullBefore ? $"full solve ({engine.LastFullSolveReason})" : "incremental")}, aug {engine.Augmentations - augmentationsBefore}, bulk passes {engine.BulkPasses - bulkBefore}");
            }
            roundMs.Add(elapsed);
            roundCpuMs.Add(cpu);
            if (whole is not null)
            {
                fullMs.Add(elapsed);
                reasons[engine.LastFullSolveReason] = reasons.GetValueOrDefault(engine.LastFullSolveReason) + 1;
                var method = whole.Statistics?.MinimumTickets.ToString() ?? "greedy";
                methods[method] = methods.GetValueOrDefault(method) + 1;
                churn.Add(whole.Churn);
                current = whole.Allocations.ToDictionary(a => (a.NeedId, a.PledgeId), a => a.AmountUsdCents);
            }
            else
            {
                incrementalMs.Add(elapsed);
                augmentations.Add(engine.Augmentations - augmentationsBefore);
                bulkRounds += engine.BulkPasses > bulkBefore ? 1 : 0;
                churn.Add(Apply(current, changed!));
            }
        }

        // The last round's problem solved from nothing, to compare the objective the rounds reached.
        var final = new MatchingProblem(needs, pledges, []) { ForbiddenPairs = forbidden };
        var cold = new MinCostFlowMatchingEngine(weights).Solve(final);
        var priority = needs.ToDictionary(n => n.Id, n => n.Priority);
        var objective = current.Sum(a => weights.Of(priority[a.Key.NeedId]) * a.Value);
        return new IncrementalMeasurement(
            changesPerRound, rounds, seedMs, Percentile(roundMs, 0.5), Percentile(roundMs, 0.95), roundMs.DefaultIfEmpty(0).Max(),
            Percentile(roundCpuMs, 0.5), Percentile(roundCpuMs, 0.95),
            incrementalMs.Count, Percentile(incrementalMs, 0.5), Percentile(incrementalMs, 0.95), bulkRounds,
            fullMs.Count, Percentile(fullMs, 0.5), reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Value}× {r.Key}").ToList(),
            Percentile(augmentations.Select(a => (double)a).ToList(), 0.5), Percentile(churn.Select(c => (double)c).ToList(), 0.5),
            objective, cold.WeightedObjective)
        {
            MinimumTicketPlacements = engine.MinimumTicketPlacements,
            FullSolveMinimumTickets = [.. methods.OrderByDescending(m => m.Value).Select(m => $"{m.Value}× {m.Key}")],
        };
    }

    // A random proposal (outside the timed round: the host's decisions come from people, not from a scan).
    private static (string NeedId, string PledgeId) Pick(Dictionary<(string NeedId, string PledgeId), long> current, Random random) =>
        current.Keys.ElementAt(random.Next(current.Count));

    // What the host's proposals become from a round's changed pairs (amount 0: taken off); returns the churn.
    private static int Apply(Dictionary<(string NeedId, string PledgeId), long> current, IReadOnlyList<Allocation> changed)
    {
        var churn = 0;
        foreach (var allocation in changed)
        {
            var pair = (allocation.NeedId, allocation.PledgeId);
            var before = current.GetValueOrDefault(pair);
            churn += (before > 0 ? 1 : 0) + (allocation.AmountUsdCents > 0 ? 1 : 0);
            if (allocation.AmountUsdCents > 0)
            {
                current[pair] = allocation.AmountUsdCents;
            }
            else
            {
                current.Remove(pair);
            }
        }

        return churn;
    }

    private static (NeedInput Need, PledgeInput Pledge) Reduce(List<NeedInput> needs, List<PledgeInput> pledges, (string NeedId, string PledgeId) approved, long amount)
    {
        var need = needs.FindIndex(n => n.Id == approved.NeedId);
        needs[need] = needs[need] with { RemainingUsdCents = needs[need].RemainingUsdCents - amount };
        var pledge = pledges.FindIndex(p => p.Id == approved.PledgeId);
        pledges[pledge] = pledges[pledge] with { RemainingUsdCents = pledges[pledge].RemainingUsdCents - amount };
        return (needs[need], pledges[pledge]);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
