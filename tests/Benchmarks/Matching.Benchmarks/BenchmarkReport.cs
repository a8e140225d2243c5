using System.Globalization;
using System.Text;

namespace Marketplace.Matching.Benchmarks;

// Writes the "Matching engine" section of docs/benchmarks.md between its markers, leaving every other
// section of the file as it was.
internal static class BenchmarkReport
{
    private const string Begin = "<!-- matching:begin -->";
    private const string End = "<!-- matching:end -->";

    public static string Table(IReadOnlyList<SizeMeasurement> rows, string command)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` ({Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end, {DateTime.UtcNow:yyyy-MM-dd}).");
        text.AppendLine();
        text.AppendLine("| needs × pledges | nodes | arcs | profiles / cells / classes | direct pairs | solves | forbidden / forced | build ms | solve ms | mapping ms | end to end ms | min – max (runs) | CPU ms | peak working set MB | allocated MB |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            text.AppendLine(Invariant(
                $"| {r.Size:N0} × {r.Size:N0} | {r.Nodes:N0} | {r.Arcs:N0} | {r.Profiles:N0} / {r.Cells:N0} / {r.Classes:N0} | {r.DirectPairs:N0} | {r.Solves} | {r.ForbiddenPairs} / {r.ForcedPairs} | {r.BuildMs:F0} | {r.SolveMs:F0} | {r.MappingMs:F0} | {r.EndToEndMs:F0} | {r.EndToEndMinMs:F0} – {r.EndToEndMaxMs:F0} ({r.Runs}) | {r.CpuMs:F0} | {r.PeakWorkingSetBytes / 1048576.0:F0} | {r.AllocatedBytes / 1048576.0:F0} |"));
        }

        text.AppendLine();
        text.AppendLine("| needs × pledges | weighted objective | relaxed (same graph, minimums ignored) | repair gap to relaxed | un-aggregated graph | greedy baseline | vs greedy | greedy ms | funded / demand | allocations | churn on re-solve | re-solve ms (one run) | re-solve CPU ms | minimum tickets |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var gap = r.RelaxedObjective == 0 ? 0 : 100.0 * (r.RelaxedObjective - r.Objective) / r.RelaxedObjective;
            var lift = r.GreedyObjective == 0 ? 0 : 100.0 * (r.Objective - r.GreedyObjective) / r.GreedyObjective;
            var unaggregated = r.UnaggregatedObjective is { } u ? (u == r.RelaxedObjective ? $"{u:N0} (= relaxed)" : $"{u:N0} (≠ relaxed!)") : "not run (quadratic)";
            text.AppendLine(Invariant(
                $"| {r.Size:N0} × {r.Size:N0} | {r.Objective:N0} | {r.RelaxedObjective:N0} | {gap:F4} % | {unaggregated} | {r.GreedyObjective:N0} | +{lift:F2} % | {r.GreedyMs:F0} | {100.0 * r.FundedUsdCents / r.DemandUsdCents:F1} % | {r.Allocations:N0} | {r.ResolveChurn} | {r.ResolveMs:F0} | {r.ResolveCpuMs:F0} | {r.MinimumTickets} |"));
        }

        text.AppendLine();
        text.AppendLine("One change per round on the kept market (`IncrementalMatchingEngine`), the host's steady state: 35 % new pledges, 20 % new needs, 20 % approvals, 10 % rejections, 10 % withdrawn pledges, 5 % larger need amounts, each followed by a round that hands the engine the change as a delta and takes back the allocations it changed (`IncrementalMatchingEngine.Apply`, as the matching service does), with the whole problem only when the delta path asks for a full solve. Burst rows: the event path's load instead, " + SizeRunner.BurstSize + " new pledges (no minimum ticket, as the gateway benchmark posts them) between two rounds.");
        text.AppendLine();
        text.AppendLine("| needs × pledges | changes per round | rounds | seeding full solve ms | round p50 / p95 / max ms (all rounds) | CPU p50 / p95 ms (all rounds) | incremental rounds | incremental p50 / p95 ms | rounds with a bulk pass | augmenting paths per round (median) | churn per round (median) | full-solve rounds | full-solve p50 ms | why the full solves ran | minimum tickets: placed incrementally / full solves by method | objective after the rounds | same market solved from nothing |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (r, i) in rows.SelectMany(r => new[] { (r, r.Incremental), (r, r.Burst) }))
        {
            var versus = i.ColdObjective == 0 ? 0 : 100.0 * (i.FinalObjective - i.ColdObjective) / i.ColdObjective;
            text.AppendLine(Invariant(
                $"| {r.Size:N0} × {r.Size:N0} | {i.ChangesPerRound} | {i.Rounds} | {i.SeedMs:F0} | {i.RoundMedianMs:F1} / {i.RoundP95Ms:F1} / {i.RoundMaxMs:F1} | {i.RoundCpuMedianMs:F0} / {i.RoundCpuP95Ms:F0} | {i.IncrementalRounds} | {i.IncrementalMedianMs:F1} / {i.IncrementalP95Ms:F1} | {i.BulkRounds} | {i.AugmentationsMedian:F0} | {i.ChurnMedian:F0} | {i.FullRounds} | {(i.FullRounds == 0 ? "–" : i.FullMedianMs.ToString("F0", CultureInfo.InvariantCulture))} | {(i.FullReasons.Count == 0 ? "none" : string.Join("; ", i.FullReasons))} | {i.MinimumTicketPlacements} / {(i.FullSolveMinimumTickets.Count == 0 ? "none" : string.Join("; ", i.FullSolveMinimumTickets))} | {i.FinalObjective:N0} | {i.ColdObjective:N0} ({versus:+0.0000;-0.0000} %) |"));
        }

        text.AppendLine();
        text.AppendLine("#### Targets");
        text.AppendLine();
        text.AppendLine("| target | measured | |");
        text.AppendLine("|---|---|---|");
        foreach (var r in rows.Where(r => r.Size is 10_000 or 50_000))
        {
            var limit = r.Size == 10_000 ? 100.0 : 1_000.0;
            var i = r.Incremental;
            // Every round counts, full-solve rounds included: a round is what a change waits for, whichever way it was settled.
            var fullSolves = i.FullRounds == 0 ? "none needed a full solve" : $"{i.FullRounds} needed a full solve ({i.FullMedianMs:F0} ms median)";
            text.AppendLine(Invariant(
                $"| {r.Size:N0} × {r.Size:N0}: a round after one change ≤ {limit:F0} ms (p95 over all rounds, full solves included) | wall {i.RoundP95Ms:F0} ms, CPU {i.RoundCpuP95Ms:F0} ms over {i.Rounds} rounds; {fullSolves} | {Verdict(i.RoundP95Ms <= limit, $"{i.RoundP95Ms / limit:F1}× the target")} |"));
            // Judged on CPU time: one wall-clock run on the shared box says more about the other builds than the engine.
            text.AppendLine(Invariant(
                $"| {r.Size:N0} × {r.Size:N0}: full re-solve with previous proposals ≤ cold solve (CPU time) | CPU {r.ResolveCpuMs:F0} ms vs {r.CpuMs:F0} ms (wall {r.ResolveMs:F0} ms vs {r.EndToEndMs:F0} ms) | {Verdict(r.ResolveCpuMs <= r.CpuMs, $"{r.ResolveCpuMs / r.CpuMs:F2}× the cold solve's CPU")} |"));
        }

        foreach (var r in rows.Where(r => r.Size == 50_000))
        {
            var mb = r.PeakWorkingSetBytes / 1048576.0;
            text.AppendLine(Invariant($"| 50,000 × 50,000: peak memory ≤ 1,536 MB | {mb:F0} MB | {Verdict(mb <= 1536, $"{mb - 1536:F0} MB over")} |"));
        }

        return text.ToString();
    }

    private static string Verdict(bool met, string missedBy) => met ? "met" : $"**missed** ({missedBy})";

    public static void WriteSection(string path, string section)
    {
        var block = $"{Begin}\n{section.TrimEnd()}\n{End}";
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var updated = begin >= 0 && end > begin
            ? existing[..begin] + block + existing[(end + End.Length)..]
            : existing.TrimEnd() + "\n\n" + block + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, updated);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
