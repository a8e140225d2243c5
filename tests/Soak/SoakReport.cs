using System.Text;

namespace Marketplace.Soak;

// Invariant globalization (Directory.Build.props) keeps decimal points in every number below.
/// <summary>
/// Renders the soak section (figure-free notes from soak-notes.md + this run's figures), writes it to
/// artifacts/soak/results.md and, with --write-docs, between its markers in docs/reliability.md.
/// </summary>
public static class SoakReport
{
    private const string Begin = "<!-- soak:begin -->";
    private const string End = "<!-- soak:end -->";

    public static string Render(SoakResult r)
    {
        var s = new StringBuilder();
        var notes = Path.Combine(AppContext.BaseDirectory, "soak-notes.md");
        if (File.Exists(notes)) s.AppendLine(File.ReadAllText(notes).TrimEnd()).AppendLine();
        s.AppendLine("### Results (generated)");
        s.AppendLine();
        s.AppendLine($"Command: `deploy/soak/soak.sh {string.Join(' ', r.Arguments)}` — run {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores " +
            $"(shared with other work); {r.Traffic.TotalMinutes:F1} min of traffic by {r.Options.Workers} clients, seed {r.Options.Seed}, " +
            $"{r.Total.TotalMinutes:F1} min in all.");
        s.AppendLine();
        s.AppendLine("| operation | accepted | refused as stale (409/422/404) | nothing to act on | no definite answer in 3 min |");
        s.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var operation in r.Operations.Keys.Select(k => k[..k.LastIndexOf(' ')]).Distinct().Order(StringComparer.Ordinal))
        {
            int Count(string outcome) => r.Operations.GetValueOrDefault($"{operation} {outcome}");
            s.AppendLine($"| {operation} | {Count("ok")} | {Count("conflict")} | {Count("none")} | {Count("unresolved")} |");
        }
        var other = r.Operations.Where(o => o.Key.Contains(" http-", StringComparison.Ordinal)).ToList();
        s.AppendLine();
        s.AppendLine(other.Count == 0 ? "No other answer (4xx) was seen." : $"Other answers: {string.Join(", ", other.Select(o => $"{o.Key} × {o.Value}"))}.");
        s.AppendLine($"Unexpected 5xx (other than 502/503/504 from a process that was down): {r.UnexpectedServerErrors}.");
        s.AppendLine();
        s.AppendLine("| kill -9 | count | back (median s) | back (max s) |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach (var group in r.Kills.GroupBy(k => k.What.StartsWith("broker", StringComparison.Ordinal) ? "broker node (down for --broker-down; back = restart until it runs in the cluster)" : "service (restarted at once, until /health/ready)"))
        {
            var seconds = group.Select(k => k.Recovery.TotalSeconds).Order().ToList();
            s.AppendLine($"| {group.Key} | {seconds.Count} | {seconds[seconds.Count / 2]:F1} | {seconds[^1]:F1} |");
        }
        s.AppendLine();
        s.AppendLine($"Killed, in order: {(r.Kills.Count == 0 ? "nothing" : string.Join(", ", r.Kills.Select(k => k.What)))}.");
        s.AppendLine();
        var i = r.Invariants;
        s.AppendLine($"Checked after the traffic (every node and service up again; settled {r.Settled.TotalSeconds:F0} s after the last request): " +
            $"{i.Needs} needs, {i.Pledges} pledges, {i.ApprovedMatches} approved matches, {i.Flows} flows ({i.CancelledFlows} cancelled, {i.Disbursements} disbursements).");
        s.AppendLine();
        s.AppendLine(i.Violations.Count == 0
            ? "**Every invariant held**: each accepted need and pledge listed exactly once and in matching's view at its current version; " +
              "each pledge's `allocated` and each need's `funded` = Σ approved − Σ released by cancellations; exactly one flow per approved match; " +
              "no flow disbursed above its commitment or committed above its approval."
            : $"**{i.Violations.Count} invariant violations** (first 20):");
        foreach (var violation in i.Violations.Take(20)) s.AppendLine($"- {violation}");
        return s.ToString();
    }

    public static void Save(SoakResult result)
    {
        var text = Render(result);
        var root = Marketplace.TestSupport.MarketplaceProcesses.RepositoryRoot;
        var artifact = Path.Combine(root, "artifacts", "soak", "results.md");
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        File.WriteAllText(artifact, text);
        Console.WriteLine($"(written to {artifact})");
        if (!result.Options.WriteDocs) return;
        var docs = Path.Combine(root, "docs", "reliability.md");
        var page = File.ReadAllText(docs);
        var from = page.IndexOf(Begin, StringComparison.Ordinal);
        var to = page.IndexOf(End, StringComparison.Ordinal);
        if (from < 0 || to < from) throw new InvalidOperationException($"{docs} has no {Begin} … {End} block");
        File.WriteAllText(docs, page[..(from + Begin.Length)] + "\n" + text + page[to..]);
        Console.WriteLine($"(written to {docs})");
    }
}
