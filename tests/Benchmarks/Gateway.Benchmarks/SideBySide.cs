namespace Marketplace.Gateway.Benchmarks;

/// <summary>One side of a comparison: how to make one call, and which processes' CPU to account.</summary>
public sealed record Target(string Name, Func<int, CancellationToken, Task<bool>> Call, IReadOnlyList<string> Watched);

/// <summary>Direct (A) against through-the-gateway (B), run alternately; every figure is a median over rounds.</summary>
public sealed record PairResult(string Scenario, int Connections, IReadOnlyList<LoadResult> Direct, IReadOnlyList<LoadResult> Gateway)
{
    public double DirectRps => Median(Direct.Select(r => r.RequestsPerSecond));
    public double GatewayRps => Median(Gateway.Select(r => r.RequestsPerSecond));
    public double DirectP50 => Median(Direct.Select(r => r.P50Ms));
    public double GatewayP50 => Median(Gateway.Select(r => r.P50Ms));
    public double DirectP99 => Median(Direct.Select(r => r.P99Ms));
    public double GatewayP99 => Median(Gateway.Select(r => r.P99Ms));

    /// <summary>Per-round ratios and differences, so that a slow patch of the shared machine hits both sides of a pair.</summary>
    public double Ratio => Median(Pairs((d, g) => g.RequestsPerSecond / d.RequestsPerSecond));
    public (double Min, double Max) RatioSpread => (Pairs((d, g) => g.RequestsPerSecond / d.RequestsPerSecond).Min(),
        Pairs((d, g) => g.RequestsPerSecond / d.RequestsPerSecond).Max());
    public double AddedP50 => Median(Pairs((d, g) => g.P50Ms - d.P50Ms));
    public double AddedP99 => Median(Pairs((d, g) => g.P99Ms - d.P99Ms));
    public long Errors => Direct.Sum(r => r.Errors) + Gateway.Sum(r => r.Errors);

    public double CpuOf(bool gateway, string process) =>
        Median((gateway ? Gateway : Direct).Select(r => r.Cpu.Cores.GetValueOrDefault(process)));

    private IEnumerable<double> Pairs(Func<LoadResult, LoadResult, double> f) => Direct.Zip(Gateway, f);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

public static class SideBySide
{
    /// <summary>Warm both sides up, then run A B A B … for <paramref name="rounds"/> rounds.</summary>
    public static async Task<PairResult> RunAsync(string scenario, int connections, Target direct, Target gateway,
        BenchmarkOptions options, ProcessSet processes)
    {
        foreach (var target in new[] { direct, gateway })
        {
            await ClosedLoopLoad.RunAsync(connections, options.Warmup, target.Call, processes, target.Watched);
        }
        var a = new List<LoadResult>();
        var b = new List<LoadResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            a.Add(await ClosedLoopLoad.RunAsync(connections, options.Duration, direct.Call, processes, direct.Watched));
            b.Add(await ClosedLoopLoad.RunAsync(connections, options.Duration, gateway.Call, processes, gateway.Watched));
            Console.WriteLine($"  {scenario} c={connections} round {round}: direct {Describe(a[^1])} | gateway {Describe(b[^1])} | ratio {b[^1].RequestsPerSecond / a[^1].RequestsPerSecond:F2}");
        }
        return new PairResult(scenario, connections, a, b);
    }

    private static string Describe(LoadResult r) =>
        $"{r.RequestsPerSecond,7:F0} req/s p50 {r.P50Ms:F2} p99 {r.P99Ms:F2} ms{(r.Errors > 0 ? $" errors {r.Errors}" : "")}";
}
