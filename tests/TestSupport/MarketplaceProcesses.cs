using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Marketplace.TestSupport;

/// <summary>
/// The real system as separate processes: identity, needs, pledges, matching, flows, notifications and the gateway, built
/// binaries started with <c>dotnet</c> on free loopback ports, a fresh data directory, and the RabbitMQ
/// broker named by RABBITMQ_URL (test.sh starts one) or a test's own <see cref="RabbitMqNode"/>.
/// Tests talk to the gateway only.
/// </summary>
public sealed class MarketplaceProcesses : IAsyncDisposable
{
    private readonly TemporaryDirectory _data = new();
    private readonly Dictionary<string, Process> _processes = new();
    private readonly Dictionary<string, int> _ports = new();
    private readonly string _root = RepositoryRoot;
    private readonly string _serviceSecret = Guid.NewGuid().ToString("N");
    private readonly string _vhost;
    private readonly RabbitMqNode? _broker;
    private readonly RabbitMqCluster? _cluster;
    private IReadOnlyDictionary<string, string> _everyProcess = new Dictionary<string, string>();

    /// <param name="broker">A node of the test's own (to stop and restart it); the shared broker otherwise.</param>
    /// <param name="cluster">A 3-node cluster of the test's own: every process lists its three nodes.</param>
    public MarketplaceProcesses(RabbitMqNode? broker = null, RabbitMqCluster? cluster = null)
    {
        _broker = broker;
        _cluster = cluster;
        _vhost = cluster is null ? RabbitMqVirtualHost.Create(broker) : RabbitMqVirtualHost.Create(cluster);
        foreach (var name in new[] { "identity", "needs", "needs-grpc", "pledges", "pledges-grpc", "matching", "flows", "notifications", "gateway", "smtp" })
        {
            _ports[name] = LoopbackPorts.Next();
        }
        foreach (var name in new[] { "identity", "needs", "pledges", "matching", "flows", "notifications", "gateway" })
        {
            _ports[name + "-internal"] = LoopbackPorts.Next();
        }
    }

    public Uri Gateway => new($"http://127.0.0.1:{_ports["gateway"]}/");

    public string DataDirectory => _data.Path;

    public int PortOf(string name) => _ports[name];

    /// <summary>The internal port of a process (<c>/metrics</c>, <c>/health/details</c>): never routed by the gateway.</summary>
    public int InternalPortOf(string name) => _ports[name + "-internal"];

    public static string RabbitMqUrl => System.Environment.GetEnvironmentVariable("RABBITMQ_URL") ?? "amqp://guest:guest@localhost:5672/";

    /// <summary>This system's virtual host ("" when rabbitmqctl was unavailable: the default one).</summary>
    public string VirtualHost => _vhost;

    /// <summary>The AMQP URL every process of this system uses, virtual host included.</summary>
    public string BrokerUrl => (_cluster?.Url ?? _broker?.Url ?? RabbitMqUrl).TrimEnd('/') + "/" + _vhost;

    /// <summary>
    /// Starts every process. <paramref name="everyProcess"/> settings go to all of them (later restarts
    /// included); <paramref name="gatewaySettings"/> to the gateway only.
    /// </summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string>? gatewaySettings = null, IReadOnlyDictionary<string, string>? everyProcess = null)
    {
        _everyProcess = everyProcess ?? new Dictionary<string, string>();
        Start("identity");
        Start("needs");
        Start("pledges");
        Start("matching");
        Start("flows");
        Start("notifications");
        Start("gateway", gatewaySettings);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    public void Start(string name, IReadOnlyDictionary<string, string>? extra = null, string? instance = null)
    {
        var (directory, dll) = name switch
        {
            "identity" => ("services/Identity", "Identity.dll"),
            "needs" => ("services/Needs", "Needs.dll"),
            "pledges" => ("services/Pledges", "Pledges.dll"),
            "matching" => ("services/Matching", "Matching.dll"),
            "flows" => ("services/Flows", "Flows.dll"),
            "notifications" => ("services/Notifications", "Notifications.dll"),
            "gateway" => ("gateway", "Gateway.dll"),
            _ => throw new ArgumentException(name),
        };
        var bin = Path.Combine(_root, directory, "bin", BuildConfiguration, "net10.0");
        var info = new ProcessStartInfo("dotnet", dll)
        {
            WorkingDirectory = bin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in EnvironmentOf(name).Concat(_everyProcess).Concat(extra ?? new Dictionary<string, string>()))
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}");
        instance ??= name;
        var log = File.CreateText(Path.Combine(_data.Path, $"{instance}.log"));
        log.AutoFlush = true;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[instance] = process;
    }

    /// <summary>
    /// Starts a second gateway on its own port in front of the same services, with its own settings
    /// (e.g. a low rate limit), and waits until it is ready.
    /// </summary>
    public async Task<Uri> StartExtraGatewayAsync(string name, IReadOnlyDictionary<string, string> settings)
    {
        _ports[name] = LoopbackPorts.Next();
        _ports[name + "-internal"] = LoopbackPorts.Next();
        var extra = new Dictionary<string, string>(settings)
        {
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_ports[name]}",
            ["Kestrel__Endpoints__Metrics__Url"] = $"http://127.0.0.1:{_ports[name + "-internal"]}",
        };
        Start("gateway", extra, name);
        var uri = new Uri($"http://127.0.0.1:{_ports[name]}/");
        await Eventually.GetAsync(async () =>
        {
            try { return (await new HttpClient().GetAsync(new Uri(uri, "health/ready"))).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, ready => ready, TimeSpan.FromSeconds(60), $"{name} to be ready");
        return uri;
    }

    /// <summary>The identity service's signing key (generated into its data directory in this test system).</summary>
    public string SigningKeyPem => File.ReadAllText(Path.Combine(_data.Path, "identity", "identity-signing-key.pem"));

    public string Issuer => $"http://127.0.0.1:{_ports["identity"]}/";

    /// <summary>Kills a process at once (like <c>kill -9</c>), for failure-injection tests.</summary>
    public void Kill(string name)
    {
        if (_processes.Remove(name, out var process))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public bool IsRunning(string name) => _processes.TryGetValue(name, out var process) && !process.HasExited;

    public string LogOf(string name)
    {
        var path = Path.Combine(_data.Path, $"{name}.log");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private Dictionary<string, string> EnvironmentOf(string name)
    {
        var issuer = $"http://127.0.0.1:{_ports["identity"]}/";
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__DataDirectory"] = Path.Combine(_data.Path, name),
            ["RabbitMq__Url"] = BrokerUrl,
            ["Auth__Authority"] = issuer,
            ["Logging__LogLevel__Default"] = "Information",
            ["Kestrel__Endpoints__Metrics__Url"] = $"http://127.0.0.1:{_ports[name + "-internal"]}",
        };
        for (var i = 0; i < (_cluster?.ClusterNodes.Length ?? 0); i++) env[$"RabbitMq__ClusterNodes__{i}"] = _cluster!.ClusterNodes[i];
        switch (name)
        {
            case "identity":
                env["Kestrel__Endpoints__Http__Url"] = issuer.TrimEnd('/');
                env["Identity__Issuer"] = issuer;
                env["Identity__AllowGeneratedSigningKey"] = "true";
                env["Identity__SeedDemoClients"] = "true";
                env["Identity__SeedDemoPeople"] = "true";
                env["Identity__WebRedirectUris__0"] = $"http://127.0.0.1:{_ports["gateway"]}/signin-callback";
                env["Identity__WebPostLogoutRedirectUris__0"] = $"http://127.0.0.1:{_ports["gateway"]}/";
                env["Identity__PublicOrigin"] = $"http://127.0.0.1:{_ports["gateway"]}/";
                env["Identity__Clients__0__ClientId"] = "matching-service";
                env["Identity__Clients__0__Secret"] = _serviceSecret;
                env["Identity__Clients__0__Role"] = "service";
                env["Identity__Clients__0__Org"] = "matching";
                env["Identity__Clients__1__ClientId"] = "flows-service";
                env["Identity__Clients__1__Secret"] = _serviceSecret;
                env["Identity__Clients__1__Role"] = "service";
                env["Identity__Clients__1__Org"] = "flows";
                env["Identity__Clients__2__ClientId"] = "notifications-service";
                env["Identity__Clients__2__Secret"] = _serviceSecret;
                env["Identity__Clients__2__Role"] = "service";
                env["Identity__Clients__2__Org"] = "notifications";
                break;
            case "needs" or "pledges":
                env["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_ports[name]}";
                env["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{_ports[name + "-grpc"]}";
                // The referral job's clock, on the internal port only, so a test need falls due without waiting 30 days.
                if (name == "needs") env["Referral__ClockControl"] = "true";
                break;
            case "matching":
                env["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_ports["matching"]}";
                env["ServiceClient__ClientId"] = "matching-service";
                env["ServiceClient__ClientSecret"] = _serviceSecret;
                env["Matching__NeedsGrpcUrl"] = $"http://127.0.0.1:{_ports["needs-grpc"]}";
                env["Matching__PledgesGrpcUrl"] = $"http://127.0.0.1:{_ports["pledges-grpc"]}";
                env["Matching__DebounceMilliseconds"] = "200";
                env["Matching__IdentityUrl"] = issuer;
                // Tests change the chair term and decide at once; production keeps the term for 10 s.
                env["Matching__ChairTermCacheSeconds"] = "0";
                break;
            case "flows":
                env["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_ports["flows"]}";
                env["ServiceClient__ClientId"] = "flows-service";
                env["ServiceClient__ClientSecret"] = _serviceSecret;
                env["Flows__NeedsGrpcUrl"] = $"http://127.0.0.1:{_ports["needs-grpc"]}";
                env["Flows__PledgesGrpcUrl"] = $"http://127.0.0.1:{_ports["pledges-grpc"]}";
                env["Flows__ReleaseRetrySeconds"] = "1";
                env["Flows__IdentityUrl"] = issuer;
                break;
            case "notifications":
                // E-mail goes to PortOf("smtp"): a test that reads mail starts a Smtp4devServer there; elsewhere mail waits and is retried.
                env["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_ports["notifications"]}";
                env["ServiceClient__ClientId"] = "notifications-service";
                env["ServiceClient__ClientSecret"] = _serviceSecret;
                env["Notifications__IdentityUrl"] = issuer;
                env["Notifications__PeopleCacheSeconds"] = "0";
                env["Notifications__PublicOrigin"] = $"http://127.0.0.1:{_ports["gateway"]}/";
                env["Notifications__UnsubscribeKey"] = _serviceSecret + _serviceSecret;
                env["Notifications__FirstRetryDelaySeconds"] = "1";
                env["Notifications__MaxRetryDelaySeconds"] = "2";
                env["Smtp__Port"] = _ports["smtp"].ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "gateway":
                env["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{_ports["gateway"]}";
                env["Gateway__RequestsPerMinute"] = "1000000";
                foreach (var cluster in new[] { "identity", "needs", "pledges", "matching", "flows", "notifications" })
                {
                    env[$"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address"] = $"http://127.0.0.1:{_ports[cluster]}/";
                }
                break;
        }
        return env;
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var (name, process) in _processes)
            {
                if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode}:\n{Tail(LogOf(name))}");
            }
            try
            {
                if ((await http.GetAsync(new Uri(Gateway, "health/ready"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The system was not ready in time.\n" +
            string.Join("\n", _processes.Keys.Select(n => $"--- {n}\n{Tail(LogOf(n))}")));
    }

    /// <summary>An HTTP client for the gateway, signed in as a demo client (secret dev-secret).</summary>
    public async Task<HttpClient> ClientAsync(string clientId)
    {
        var http = new HttpClient { BaseAddress = Gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(clientId));
        return http;
    }

    public async Task<string> TokenAsync(string clientId, string secret = "dev-secret")
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(Gateway, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        response.EnsureSuccessStatusCode();
        return (await response.ReadObjectAsync())["access_token"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _processes.Keys.ToList()) Kill(name);
        await Task.Yield();
        if (_cluster is null) RabbitMqVirtualHost.Delete(_vhost, _broker);
        else RabbitMqVirtualHost.Delete(_vhost, _cluster);
        _data.Dispose();
    }

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(30));

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";


    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Marketplace.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Marketplace.slnx not found above " + AppContext.BaseDirectory);
    }
}
