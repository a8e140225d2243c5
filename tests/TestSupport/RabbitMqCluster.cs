using System.Diagnostics;

namespace Marketplace.TestSupport;

/// <summary>
/// A 3-node RabbitMQ cluster of a test's own, started, stopped and broken by <c>deploy/local/rabbitmq-cluster.sh</c>
/// (nodes <c>{prefix}-{id}-1…3@localhost</c> on free AMQP and distribution ports, data under a temporary
/// directory): the cluster test and the soak use the same script an operator would. The shared broker on
/// 5672 is never touched.
/// </summary>
public sealed class RabbitMqCluster : IAsyncDisposable
{
    private readonly TemporaryDirectory _home = new();
    private readonly string _script = Path.Combine(MarketplaceProcesses.RepositoryRoot, "deploy", "local", "rabbitmq-cluster.sh");
    private readonly bool[] _down = new bool[3];

    public RabbitMqCluster(string prefix = "mkt-test")
    {
        Name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        Ports = [LoopbackPorts.Next(), LoopbackPorts.Next(), LoopbackPorts.Next()];
        DistributionPorts = [LoopbackPorts.Next(), LoopbackPorts.Next(), LoopbackPorts.Next()];
    }

    public static bool IsInstalled => RabbitMqNode.IsInstalled;

    public string Name { get; }

    /// <summary>AMQP ports of nodes 1, 2 and 3.</summary>
    public int[] Ports { get; }

    public int[] DistributionPorts { get; }

    /// <summary>Node 1's URL (credentials and default virtual host); the client fails over to <see cref="ClusterNodes"/>.</summary>
    public string Url => $"amqp://guest:guest@127.0.0.1:{Ports[0]}/";

    /// <summary><c>host:port</c> of every node, for <c>RabbitMq:ClusterNodes</c>.</summary>
    public string[] ClusterNodes => [.. Ports.Select(p => $"127.0.0.1:{p}")];

    public string NodeName(int node) => $"{Name}-{node}@localhost";

    public bool IsUp(int node) => !_down[node - 1];

    public async Task StartAsync()
    {
        var (code, output) = await RunAsync("start", _home.Path, Name, string.Join(',', Ports), string.Join(',', DistributionPorts));
        if (code != 0) throw new InvalidOperationException($"The RabbitMQ cluster did not start:\n{output}");
    }

    /// <summary><c>kill -9</c> of node <paramref name="node"/>'s Erlang VM (1–3).</summary>
    public async Task KillAsync(int node)
    {
        var (code, output) = await RunAsync("kill", _home.Path, node.ToString());
        if (code != 0) throw new InvalidOperationException($"kill of node {node} failed: {output}");
        _down[node - 1] = true;
    }

    /// <summary>Starts a killed node again and waits until it runs (it rejoins the cluster).</summary>
    public async Task RestartAsync(int node)
    {
        var (code, output) = await RunAsync("restart", _home.Path, node.ToString());
        if (code != 0) throw new InvalidOperationException($"restart of node {node} failed: {output}");
        _down[node - 1] = false;
    }

    /// <summary>The last <paramref name="lines"/> lines of node <paramref name="node"/>'s own log files, for a failing test's output.</summary>
    public string LogTail(int node, int lines = 60)
    {
        var folder = Path.Combine(_home.Path, $"node{node}", "log");
        if (!Directory.Exists(folder)) return $"(no log folder for node {node})";
        return string.Join('\n', Directory.EnumerateFiles(folder, "*.log")
            .Where(f => !f.EndsWith("_upgrade.log", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).TakeLast(lines).Prepend($"== {Path.GetFileName(f)}")));
    }

    /// <summary><c>rabbitmqctl</c> against the first node that is up.</summary>
    public Task<(int ExitCode, string Output)> CtlAsync(params string[] args) =>
        RunAsync(["ctl", _home.Path, (Array.IndexOf(_down, false) + 1).ToString(), .. args]);

    public async ValueTask DisposeAsync()
    {
        await RunAsync("stop", _home.Path);
        _home.Dispose();
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(_script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        await process.WaitForExitAsync(wait.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
