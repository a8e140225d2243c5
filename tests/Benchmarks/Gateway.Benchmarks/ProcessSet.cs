using System.Diagnostics;
using System.Globalization;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>CPU time consumed per process during a run, in cores (1.0 = one core busy for the whole run).</summary>
public sealed record CpuShares(IReadOnlyDictionary<string, double> Cores);

/// <summary>
/// The processes of the system under test, found by the loopback port each listens on (socket inode →
/// /proc/&lt;pid&gt;/fd), plus this load generator itself. Reads VmRSS and utime + stime from /proc.
/// </summary>
public sealed class ProcessSet
{
    public const string LoadGenerator = "load generator";
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Dictionary<string, int> _pids = new() { [LoadGenerator] = Environment.ProcessId };
    private readonly Dictionary<string, long> _peakRssKb = new();

    public IEnumerable<string> Names => _pids.Keys;

    public void Add(string name, int port) => _pids[name] = PidListeningOn(port)
        ?? throw new InvalidOperationException($"No process of ours listens on 127.0.0.1:{port} ({name}).");

    public void Remove(string name) => _pids.Remove(name);

    public long RssKb(string name)
    {
        var line = File.ReadLines($"/proc/{_pids[name]}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public Dictionary<string, long> RssSnapshotKb() => _pids.Keys.ToDictionary(n => n, RssKb);

    /// <summary>Samples RSS every 250 ms until cancelled, keeping each process's peak.</summary>
    public async Task SamplePeaksAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var name in _pids.Keys.ToList())
            {
                try
                {
                    var rss = RssKb(name);
                    lock (_peakRssKb) _peakRssKb[name] = Math.Max(rss, _peakRssKb.GetValueOrDefault(name));
                }
                catch (IOException) { }
            }
            try { await Task.Delay(250, ct); } catch (OperationCanceledException) { return; }
        }
    }

    public Dictionary<string, long> TakePeaksKb()
    {
        lock (_peakRssKb)
        {
            var copy = new Dictionary<string, long>(_peakRssKb);
            _peakRssKb.Clear();
            return copy;
        }
    }

    public Dictionary<string, double> CpuSnapshot(IEnumerable<string> names) =>
        names.Where(_pids.ContainsKey).ToDictionary(n => n, n => CpuSeconds(_pids[n]));

    public CpuShares CpuShares(Dictionary<string, double> before, Dictionary<string, double> after, TimeSpan elapsed) =>
        new(before.Keys.Where(after.ContainsKey).ToDictionary(n => n, n => (after[n] - before[n]) / elapsed.TotalSeconds));

    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based) → indices 11 and 12 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static int? PidListeningOn(int port)
    {
        var inode = File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "0A" && int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
            .Select(f => f[9]).FirstOrDefault();
        if (inode is null) return null;
        var target = $"socket:[{inode}]";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget == target) return pid;
                }
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException) { }
        }
        return null;
    }

}
