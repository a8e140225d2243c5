using System.Globalization;
using System.Text;

namespace Marketplace.Gateway.Benchmarks;

// Invariant globalization (Directory.Build.props) keeps decimal points in every number below.
/// <summary>Renders the "Gateway and event path" section and writes it between its markers in docs/benchmarks.md.</summary>
public static class BenchmarkReport
{
    private const string Begin = "<!-- gateway:begin -->";
    private const string End = "<!-- gateway:end -->";

    public static string Render(BenchmarkOptions options, BenchmarkResults r, string[] args)
    {
        var s = new StringBuilder();
        var notes = Path.Combine(AppContext.BaseDirectory, "benchmark-notes.md");
        if (File.Exists(notes)) s.AppendLine(File.ReadAllText(notes).TrimEnd()).AppendLine();
        s.AppendLine("### Results (generated)");
        s.AppendLine(($"Command: `dotnet run -c Release --project tests/Benchmarks/Gateway.Benchmarks -- {string.Join(' ', args)}` ({r.Environment}; " +
            $"{options.Rounds} rounds × {options.Duration.TotalSeconds:F0} s per side after a {options.Warmup.TotalSeconds:F0} s warm-up of each)."));
        s.AppendLine();
        s.AppendLine($"Forwarder check: {r.ForwarderHandler}.");
        s.AppendLine();
        if (r.Pairs.Count > 0)
        {
            s.AppendLine("#### 1–3. Through the gateway vs directly to the service (closed loop, medians of per-round figures)");
            s.AppendLine();
            s.AppendLine("| call | conns | direct req/s | gateway req/s | ratio (min–max) | p50 direct → gateway ms | added p50 ms | p99 direct → gateway ms | added p99 ms | CPU cores direct run: loadgen / service | CPU cores gateway run: loadgen / gateway / service | errors |");
            s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var p in r.Pairs)
            {
                var gateway = p.Scenario.StartsWith("gRPC", StringComparison.Ordinal) ? "gateway-grpc"
                    : p.Scenario.Contains("(B)", StringComparison.Ordinal) ? "gateway-variant" : "gateway";
                var service = p.Scenario.Contains("pledges", StringComparison.Ordinal) ? "pledges" : "needs";
                var (min, max) = p.RatioSpread;
                s.AppendLine(($"| {p.Scenario} | {p.Connections} | {p.DirectRps:F0} | {p.GatewayRps:F0} | **{p.Ratio:F2}×** ({min:F2}–{max:F2}) | " +
                    $"{p.DirectP50:F2} → {p.GatewayP50:F2} | **{p.AddedP50:+0.00;-0.00}** | {p.DirectP99:F2} → {p.GatewayP99:F2} | **{p.AddedP99:+0.00;-0.00}** | " +
                    $"{p.CpuOf(false, ProcessSet.LoadGenerator):F2} / {p.CpuOf(false, service):F2} | " +
                    $"{p.CpuOf(true, ProcessSet.LoadGenerator):F2} / {p.CpuOf(true, gateway):F2} / {p.CpuOf(true, service):F2} | {p.Errors} |"));
            }
            s.AppendLine();
        }
        if (r.EventPaths.Count > 0 || r.Floor is not null)
        {
            s.AppendLine("#### 4. Event path: pledge accepted (201) → its proposal visible through GET /api/v1/matches (newest first)");
            s.AppendLine();
            s.AppendLine(r.Background is { } b
                ? $"Background market: {b.Needs:N0} needs and {b.Pledges:N0} pledges loaded through the gateway in {b.LoadSeconds:F0} s; matching settled on it {b.SettleSeconds:F0} s later ({b.ProposedUsd} USD proposed), then the event path ran on top of it."
                : "No background market (`--background 0`): the event path runs on the seeded needs only.");
            s.AppendLine();
            s.AppendLine("| run | sent / s | accepted → visible | p50 ms | p95 ms | p99 ms | max ms | POST p50 / p99 ms | matching rounds (median ms) | observer GET/s | backlog 10–20 s → last 10 s: awaiting proposal · outbox · queue |");
            s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            if (r.Floor is { } floor)
            {
                s.AppendLine(($"| RabbitMQ floor: publish → consume (persistent, durable queue, confirms) | {options.EventRate} | {floor.Delivered.Count} | {floor.Delivered.P50:F2} | {floor.Delivered.P95:F2} | {floor.Delivered.P99:F2} | {floor.Delivered.Max:F2} | confirm {floor.Confirmed.P50:F2} / {floor.Confirmed.P99:F2} | — | — | — |"));
            }
            foreach (var e in r.EventPaths)
            {
                var label = e.DebounceMs == r.ConfiguredDebounceMs ? $"debounce {e.DebounceMs} ms (configured default)" : $"debounce {e.DebounceMs} ms";
                s.AppendLine(($"| {label} | {e.AchievedRate:F0} | {e.Accepted} → {e.Visible}{(e.Failed > 0 ? $" ({e.Failed} failed/missing)" : "")} | {e.Latency.P50:F0} | **{e.Latency.P95:F0}** | {e.Latency.P99:F0} | {e.Latency.Max:F0} | " +
                    $"{e.Accept.P50:F1} / {e.Accept.P99:F1} | {e.Rounds} ({e.MedianRoundMs:F0}) | {e.ObserverRequestsPerSecond:F0} | {Backlog(e)} |"));
            }
            s.AppendLine();
        }
        s.AppendLine("#### 5. Memory (VmRSS, MB)");
        s.AppendLine();
        var scenarios = r.PeakRssKb.Keys.ToList();
        s.AppendLine("| process | idle | " + string.Join(" | ", scenarios.Select(k => $"peak during {k}")) + " |");
        s.AppendLine("|---|---|" + string.Concat(scenarios.Select(_ => "---|")));
        foreach (var name in r.IdleRssKb.Keys)
        {
            s.AppendLine(($"| {name} | {Mb(r.IdleRssKb[name])} | ") +
                string.Join(" | ", scenarios.Select(k => r.PeakRssKb[k].TryGetValue(name, out var kb) ? Mb(kb) : "—")) + " |");
        }
        s.AppendLine();
        s.AppendLine("#### Targets");
        s.AppendLine();
        s.AppendLine("| target | measured | |");
        s.AppendLine("|---|---|---|");
        foreach (var p in r.Pairs.Where(p => p.Scenario.StartsWith("GET /", StringComparison.Ordinal) && p.Connections == 64))
        {
            s.AppendLine(($"| GET needs, 64 connections: gateway ≥ 0.80× direct | {p.Ratio:F2}× | {Verdict(p.Ratio >= 0.80, $"{(0.80 - p.Ratio) / 0.80:P0} short")} |"));
        }
        foreach (var p in r.Pairs.Where(p => p.Scenario.StartsWith("GET /", StringComparison.Ordinal) || p.Scenario.StartsWith("POST", StringComparison.Ordinal)))
        {
            s.AppendLine(($"| {p.Scenario}, {p.Connections} conns: added p50 ≤ 0.3 ms, added p99 ≤ 2 ms | {p.AddedP50:F2} ms, {p.AddedP99:F2} ms | " +
                $"{Verdict(p.AddedP50 <= 0.3 && p.AddedP99 <= 2, $"over by {Math.Max(0, p.AddedP50 - 0.3):F2} / {Math.Max(0, p.AddedP99 - 2):F2} ms")} |"));
        }
        foreach (var e in r.EventPaths)
        {
            var flat = BacklogFlat(e);
            s.AppendLine(($"| event path p95 ≤ 250 ms at {e.Rate}/s on {(r.Background is { } b ? $"{b.Needs:N0} × {b.Pledges:N0}" : "the seeded needs")}, no backlog growth (debounce {e.DebounceMs} ms) | p95 {e.Latency.P95:F0} ms, backlog {(flat ? "flat" : "growing")} | " +
                $"{Verdict(e.Latency.P95 <= 250 && flat, e.Latency.P95 > 250 ? $"{e.Latency.P95 / 250:F1}× the target" : "backlog grows")} |"));
        }
        foreach (var (name, kb) in r.IdleRssKb.Where(p => p.Key is not (ProcessSet.LoadGenerator or "gateway-variant")))
        {
            s.AppendLine(($"| {name} idle RSS < 150 MB | {Mb(kb)} MB | {Verdict(kb < 150 * 1024, $"{kb / 1024.0 - 150:F0} MB over")} |"));
        }
        return s.ToString().TrimEnd();
    }

    public static void WriteSection(string path, string section)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var block = Begin + "\n" + section + "\n" + End;
        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var updated = begin >= 0 && end > begin
            ? existing[..begin] + block + existing[(end + End.Length)..]
            : existing.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, updated);
    }

    private static string Backlog(EventPathResult e)
    {
        var (early, late) = Windows(e);
        return ($"{Mean(early, b => b.AwaitingProposal):F0} → {Mean(late, b => b.AwaitingProposal):F0} · " +
            $"{Mean(early, b => b.OutboxPending):F1} → {Mean(late, b => b.OutboxPending):F1} · {Mean(early, b => b.QueueReady):F1} → {Mean(late, b => b.QueueReady):F1}");
    }

    /// <summary>Flat: the last 10 s of sending hold no more than half a second of arrivals beyond seconds 10–20.</summary>
    private static bool BacklogFlat(EventPathResult e)
    {
        var (early, late) = Windows(e);
        double Total(IReadOnlyCollection<BacklogSample> w) => Mean(w, b => b.AwaitingProposal + Math.Max(0, b.OutboxPending) + Math.Max(0, b.QueueReady));
        return Total(late) - Total(early) <= e.Rate * 0.5;
    }

    private static (List<BacklogSample> Early, List<BacklogSample> Late) Windows(EventPathResult e) =>
        (e.Backlog.Where(b => b.AtSeconds is >= 10 and < 20).ToList(),
         e.Backlog.Where(b => b.AtSeconds >= e.Seconds - 10 && b.AtSeconds < e.Seconds).ToList());

    private static double Mean(IReadOnlyCollection<BacklogSample> w, Func<BacklogSample, double> f) => w.Count == 0 ? double.NaN : w.Average(f);

    private static string Verdict(bool met, string missedBy) => met ? "met" : $"**missed** ({missedBy})";

    private static string Mb(long kb) => (kb / 1024.0).ToString("F0", CultureInfo.InvariantCulture);
}
