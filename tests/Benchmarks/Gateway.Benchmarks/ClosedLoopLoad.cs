using System.Diagnostics;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>What one timed run measured.</summary>
public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, CpuShares Cpu);

/// <summary>
/// A closed loop: <c>connections</c> workers, each sending its next request as soon as the previous one has
/// completed (response fully read), for a fixed duration. Latencies go into per-worker histograms.
/// </summary>
public static class ClosedLoopLoad
{
    public static async Task<LoadResult> RunAsync(int connections, TimeSpan duration, Func<int, CancellationToken, Task<bool>> call,
        ProcessSet processes, IReadOnlyList<string> watched)
    {
        var histograms = Enumerable.Range(0, connections).Select(_ => new LatencyHistogram()).ToArray();
        var errors = new long[connections];
        using var stop = new CancellationTokenSource();
        var cpuBefore = processes.CpuSnapshot(watched);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var histogram = histograms[worker];
            while (!stop.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try { ok = await call(worker, CancellationToken.None); }
                catch (Exception) { ok = false; }
                if (ok) histogram.RecordMicroseconds((long)Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
                else errors[worker]++;
            }
        })).ToArray();
        await Task.Delay(duration);
        stop.Cancel();
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = processes.CpuShares(cpuBefore, processes.CpuSnapshot(watched), elapsed);
        var all = new LatencyHistogram();
        foreach (var h in histograms) all.Add(h);
        return new LoadResult(all.Count / elapsed.TotalSeconds, all.PercentileMs(50), all.PercentileMs(99), errors.Sum(), cpu);
    }
}
