using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Marketplace.TestSupport;

/// <summary>
/// A RabbitMQ node of a test's own (name <c>reliability-…@localhost</c>, free AMQP and distribution
/// ports, its own data, logs, plugins file and Erlang cookie under a temporary HOME), for tests that
/// stop the broker: the shared broker of other tests is never touched. Started in the foreground as a
/// child process, so that <see cref="DisposeAsync"/> can always kill it.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private static readonly string? Bin = Directory.Exists("/usr/lib/rabbitmq/bin") ? "/usr/lib/rabbitmq/bin" : null;

    private readonly TemporaryDirectory _home = new();
    private readonly int _distPort = LoopbackPorts.Next();
    private Process? _server;

    /// <param name="plugins">Plugins enabled at boot (none by default; management stays off).</param>
    public RabbitMqNode(params string[] plugins)
    {
        Name = $"reliability-{Guid.NewGuid().ToString("N")[..8]}@localhost";
        File.WriteAllText(Path.Combine(_home.Path, "enabled_plugins"), $"[{string.Join(',', plugins)}].");
        File.WriteAllText(Path.Combine(_home.Path, "rabbitmq-env.conf"), "");
        File.WriteAllText(Path.Combine(_home.Path, "rabbitmq.conf"), "");
    }

    public static bool IsInstalled => Bin is not null || OnPath("rabbitmq-server");

    public string Name { get; }

    public int Port { get; } = LoopbackPorts.Next();

    public string Url => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>What a RabbitMQ CLI tool or script needs to reach this node (node name, cookie, plugins file).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOME"] = _home.Path,
        ["RABBITMQ_NODENAME"] = Name,
        ["RABBITMQ_NODE_PORT"] = Port.ToString(),
        ["RABBITMQ_DIST_PORT"] = _distPort.ToString(),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_home.Path, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(_home.Path, "log"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_home.Path, "enabled_plugins"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_home.Path, "rabbitmq-env.conf"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_home.Path, "rabbitmq.conf"),
        ["PATH"] = Bin is null ? System.Environment.GetEnvironmentVariable("PATH") ?? "" : $"{Bin}:{System.Environment.GetEnvironmentVariable("PATH")}",
    };

    public bool IsRunning => _server is { HasExited: false };

    /// <summary>Starts the node (same data directory on every start) and waits until it accepts AMQP connections.</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        if (IsRunning) return;
        var info = Tool("rabbitmq-server");
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        _server = Process.Start(info) ?? throw new InvalidOperationException("Could not start rabbitmq-server");
        var log = File.AppendText(Path.Combine(_home.Path, "server.log"));
        log.AutoFlush = true;
        _server.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await AcceptsConnectionsAsync())
        {
            if (_server.HasExited) throw new InvalidOperationException($"RabbitMQ node {Name} exited:\n{ServerLog}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"RabbitMQ node {Name} did not start:\n{ServerLog}");
            await Task.Delay(100);
        }
        var (code, output) = await CtlAsync("await_startup");
        if (code != 0) throw new InvalidOperationException($"rabbitmqctl await_startup failed: {output}");
    }

    /// <summary>Stops the whole node (the Erlang VM exits), like a broker outage.</summary>
    public async Task StopAsync()
    {
        if (_server is null) return;
        await CtlAsync("stop");
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await _server.WaitForExitAsync(wait.Token); }
        catch (OperationCanceledException) { _server.Kill(entireProcessTree: true); }
        _server = null;
    }

    /// <summary>Runs <c>rabbitmqctl -q -n {node}</c> with the given arguments.</summary>
    public Task<(int ExitCode, string Output)> CtlAsync(params string[] args) => RunAsync("rabbitmqctl", ["-q", "-n", Name, .. args]);

    /// <summary>Runs a command (a script, a RabbitMQ CLI tool) with this node's <see cref="Environment"/>.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] args)
    {
        var info = Tool(command);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(wait.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public string ServerLog
    {
        get
        {
            var path = Path.Combine(_home.Path, "server.log");
            if (!File.Exists(path)) return "";
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeLast(40));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            try { await StopAsync(); }
            catch (Exception) when (_server is not null) { _server.Kill(entireProcessTree: true); }
        }
        _home.Dispose();
    }

    private ProcessStartInfo Tool(string command)
    {
        var path = Bin is not null && !command.Contains('/') ? Path.Combine(Bin, command) : command;
        var info = new ProcessStartInfo(path) { UseShellExecute = false, WorkingDirectory = _home.Path };
        foreach (var (key, value) in Environment) info.Environment[key] = value;
        return info;
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool OnPath(string command) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, command)));

}
