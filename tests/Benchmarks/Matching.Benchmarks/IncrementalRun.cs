using System.Diagnostics;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Engine.Incremental;

namespace Marketplace.Matching.Benchmarks;

// The host's steady state: one change, then a round, as MatchingRoundRunner does it (last round's allocations
// passed back as previous proposals). Changes are drawn like the market's events: new pledges and needs,
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
        var result = engine.Solve(start);
        var seedMs = clock.Elapsed.TotalMilliseconds;

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
            var previous = result.Allocations.ToList();
            for (var change = 1; change < changesPerRound; change++)
            {
                pledges.Add(generator.NextPledge(next++) with { Id = $"pledge-burst-{round}-{change}", MinAllocationUsdCents = null });
            }

            var roll = changesPerRound > 1 ? 0 : random.NextDouble();
            var kind = "burst";
            if (changesPerRound > 1)
            {
                pledges.Add(generator.NextPledge(next++) with { Id = $"pledge-new-{round}", MinAllocationUsdCents = null });
            }
            else if (roll < 0.35)
            {
                kind = "new pledge";
                pledges.Add(generator.NextPledge(next++) with { Id = $"pledge-new-{round}" });
            }
            else if (roll < 0.55)
            {
                kind = "new need";
                needs.Add(generator.NextNeed(next++) with { Id = $"need-new-{round}" });
            }
            else if (roll < 0.75 && previous.Count > 0)
            {
                kind = "approval";
                var approved = previous[random.Next(previous.Count)];
                previous.Remove(approved);
                Reduce(needs, pledges, approved);
            }
            else if (roll < 0.85 && previous.Count > 0)
            {
                kind = "rejection";
                var rejected = previous[random.Next(previous.Count)];
                previous.Remove(rejected);
                forbidden.Add((rejected.NeedId, rejected.PledgeId));
            }
            else if (roll < 0.95)
            {
                kind = "withdrawn pledge";
                pledges.RemoveAt(random.Next(pledges.Count));
            }
            else
            {
                kind = "larger need";
                var index = random.Next(needs.Count);
                needs[index] = needs[index] with { RemainingUsdCents = needs[index].RemainingUsdCents * 3 / 2 };
            }

            var problem = new MatchingProblem(needs.ToList(), pledges.ToList(), previous) { ForbiddenPairs = forbidden.ToHashSet() };
            var fullBefore = engine.FullSolves;
            var augmentationsBefore = engine.Augmentations;
            var bulkBefore = engine.BulkPasses;
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            clock.Restart();
            result = engine.Solve(problem);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            if (Environment.GetEnvironmentVariable("MATCHING_BENCH_TRACE") is not null)
            {
                Console.Error.WriteLine($"round {round} ({kind}): {elapsed:F1} ms, cpu {cpu:F0} ms, work {engine.LastRoundWork}, {(engine.FullSolves > fullBefore ? $"full solve ({engine.LastFullSolveReason})" : "incremental")}, aug {engine.Augmentations - augmentationsBefore}, bulk passes {engine.BulkPasses - bulkBefore}");
            }
            roundMs.Add(elapsed);
            roundCpuMs.Add(cpu);
            if (engine.FullSolves > fullBefore)
            {
                fullMs.Add(elapsed);
                reasons[engine.LastFullSolveReason] = reasons.GetValueOrDefault(engine.LastFullSolveReason) + 1;
                var method = result.Statistics?.MinimumTickets.ToString() ?? "greedy";
                methods[method] = methods.GetValueOrDefault(method) + 1;
            }
            else
            {
                incrementalMs.Add(elapsed);
                augmentations.Add(engine.Augmentations - augmentationsBefore);
                bulkRounds += engine.BulkPasses > bulkBefore ? 1 : 0;
            }

            churn.Add(result.Churn);
        }

        // The last round's problem solved from nothing, to compare the objective the rounds reached.
        var final = new MatchingProblem(needs, pledges, []) { ForbiddenPairs = forbidden };
        var cold = new MinCostFlowMatchingEngine(weights).Solve(final);
        return new IncrementalMeasurement(
            changesPerRound, rounds, seedMs, Percentile(roundMs, 0.5), Percentile(roundMs, 0.95), roundMs.DefaultIfEmpty(0).Max(),
            Percentile(roundCpuMs, 0.5), Percentile(roundCpuMs, 0.95),
            incrementalMs.Count, Percentile(incrementalMs, 0.5), Percentile(incrementalMs, 0.95), bulkRounds,
            fullMs.Count, Percentile(fullMs, 0.5), reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Value}× {r.Key}").ToList(),
            Percentile(augmentations.Select(a => (double)a).ToList(), 0.5), Percentile(churn.Select(c => (double)c).ToList(), 0.5),
            result.WeightedObjective, cold.WeightedObjective)
        {
            MinimumTicketPlacements = engine.MinimumTicketPlacements,
            FullSolveMinimumTickets = [.. methods.OrderByDescending(m => m.Value).Select(m => $"{m.Value}× {m.Key}")],
        };
    }

    private static void Reduce(List<NeedInput> needs, List<PledgeInput> pledges, Allocation approved)
    {
        var need = needs.FindIndex(n => n.Id == approved.NeedId);
        needs[need] = needs[need] with { RemainingUsdCents = needs[need].RemainingUsdCents - approved.AmountUsdCents };
        var pledge = pledges.FindIndex(p => p.Id == approved.PledgeId);
        pledges[pledge] = pledges[pledge] with { RemainingUsdCents = pledges[pledge].RemainingUsdCents - approved.AmountUsdCents };
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
