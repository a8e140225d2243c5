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
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}).");
        text.AppendLine();
        text.AppendLine("| needs × pledges | nodes | arcs | profiles / cells / classes | direct pairs | solves | forbidden / forced | build ms | solve ms | mapping ms | end to end ms | min – max (runs) | CPU ms | peak working set MB | allocated MB |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            text.AppendLine(Invariant(
                $"| {r.Size:N0} × {r.Size:N0} | {r.Nodes:N0} | {r.Arcs:N0} | {r.Profiles:N0} / {r.Cells:N0} / {r.Classes:N0} | {r.DirectPairs:N0} | {r.Solves} | {r.ForbiddenPairs} / {r.ForcedPairs} | {r.BuildMs:F0} | {r.SolveMs:F0} | {r.MappingMs:F0} | {r.EndToEndMs:F0} | {r.EndToEndMinMs:F0} – {r.EndToEndMaxMs:F0} ({r.Runs}) | {r.CpuMs:F0} | {r.PeakWorkingSetBytes / 1048576.0:F0} | {r.AllocatedBytes / 1048576.0:F0} |"));
        }

        text.AppendLine();
        text.AppendLine("| needs × pledges | weighted objective | relaxed (same graph, minimums ignored) | repair gap to relaxed | un-aggregated graph | greedy baseline | vs greedy | greedy ms | funded / demand | allocations | churn on re-solve | re-solve ms (one run) | re-solve CPU ms |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var gap = r.RelaxedObjective == 0 ? 0 : 100.0 * (r.RelaxedObjective - r.Objective) / r.RelaxedObjective;
            var lift = r.GreedyObjective == 0 ? 0 : 100.0 * (r.Objective - r.GreedyObjective) / r.GreedyObjective;
            var unaggregated = r.UnaggregatedObjective is { } u ? (u == r.RelaxedObjective ? $"{u:N0} (= relaxed)" : $"{u:N0} (≠ relaxed!)") : "not run (quadratic)";
            text.AppendLine(Invariant(
                $"| {r.Size:N0} × {r.Size:N0} | {r.Objective:N0} | {r.RelaxedObjective:N0} | {gap:F4} % | {unaggregated} | {r.GreedyObjective:N0} | +{lift:F2} % | {r.GreedyMs:F0} | {100.0 * r.FundedUsdCents / r.DemandUsdCents:F1} % | {r.Allocations:N0} | {r.ResolveChurn} | {r.ResolveMs:F0} | {r.ResolveCpuMs:F0} |"));
        }

        return text.ToString();
    }

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
