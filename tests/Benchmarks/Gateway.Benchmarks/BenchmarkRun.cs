using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;
using RabbitMQ.Client;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>Everything one run measured.</summary>
public sealed class BenchmarkResults
{
    public List<PairResult> Pairs { get; } = [];
    public List<EventPathResult> EventPaths { get; } = [];
    public (Percentiles Delivered, Percentiles Confirmed)? Floor { get; set; }
    public Dictionary<string, long> IdleRssKb { get; set; } = [];
    public Dictionary<string, Dictionary<string, long>> PeakRssKb { get; } = [];
    public string ForwarderHandler { get; set; } = "";
    public int ConfiguredDebounceMs { get; set; }
    public string Environment { get; set; } = "";
    public BackgroundLoad? Background { get; set; }
}

/// <summary>
/// Starts the real system (Release binaries, own RabbitMQ virtual host, free loopback ports) and runs the
/// scenarios in an order that keeps them independent: reads first, the event path next, and the pledge
/// write load last with the matching service stopped (so 10⁵ benchmark pledges never reach a round).
/// </summary>
public sealed class BenchmarkRun(BenchmarkOptions options, string root)
{
    private const string ServiceClientId = "benchmark-service";
    private readonly string _serviceSecret = Guid.NewGuid().ToString("N");
    private readonly BenchmarkResults _results = new();

    public async Task<BenchmarkResults> RunAsync()
    {
        _results.ConfiguredDebounceMs = ConfiguredDebounce();
        var debounces = options.Debounce.Length > 0 ? options.Debounce : [_results.ConfiguredDebounceMs];
        _results.Environment = $"{System.Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start, " +
            $".NET {System.Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}";
        _results.ForwarderHandler = ForwarderCheck.Describe();
        Console.WriteLine(_results.ForwarderHandler);

        await using var system = new MarketplaceProcesses();
        var everyProcess = new Dictionary<string, string>
        {
            ["Identity__Clients__1__ClientId"] = ServiceClientId,
            ["Identity__Clients__1__Secret"] = _serviceSecret,
            ["Identity__Clients__1__Role"] = "service",
            ["Identity__Clients__1__Org"] = "matching",
            ["Matching__DebounceMilliseconds"] = debounces[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Console.WriteLine($"Starting the system (Release binaries) with debounce {debounces[0]} ms …");
        await system.StartAsync(new Dictionary<string, string> { ["Gateway__RequestsPerMinute"] = "1000000" }, everyProcess);
        var grpcPort = LoopbackPorts.Next();
        var grpcGateway = await system.StartExtraGatewayAsync("gateway-grpc", GrpcGatewaySettings(system, grpcPort));

        var processes = new ProcessSet();
        foreach (var name in new[] { "identity", "needs", "pledges", "matching", "gateway" }) processes.Add(name, system.PortOf(name));
        processes.Add("gateway-grpc", grpcGateway.Port);

        var reader = await system.TokenAsync("secretariat");
        var donor = await system.TokenAsync("donor-es");
        var service = await system.TokenAsync(ServiceClientId, _serviceSecret);
        var earmarks = EventPathBenchmark.AllEarmarks();
        await SeedNeedsAsync(system, earmarks);
        await Task.Delay(TimeSpan.FromSeconds(5));
        _results.IdleRssKb = processes.RssSnapshotKb();
        Console.WriteLine("Idle RSS (MB): " + string.Join(", ", _results.IdleRssKb.Select(p => $"{p.Key} {p.Value / 1024.0:F0}")));

        using var sampling = new CancellationTokenSource();
        var sampler = processes.SamplePeaksAsync(sampling.Token);
        var direct = (Needs: new Uri($"http://127.0.0.1:{system.PortOf("needs")}/"), Pledges: new Uri($"http://127.0.0.1:{system.PortOf("pledges")}/"));

        if (options.Runs("get"))
        {
            using var viaDirect = HttpTargets.Client(direct.Needs, reader);
            using var viaGateway = HttpTargets.Client(system.Gateway, reader);
            foreach (var c in options.Connections)
            {
                _results.Pairs.Add(await SideBySide.RunAsync("GET /api/v1/needs?pageSize=50", c,
                    new Target("direct", HttpTargets.ListNeeds(viaDirect), [ProcessSet.LoadGenerator, "needs", "gateway"]),
                    new Target("gateway", HttpTargets.ListNeeds(viaGateway), [ProcessSet.LoadGenerator, "needs", "gateway"]), options, processes));
            }
            _results.PeakRssKb["GET needs"] = processes.TakePeaksKb();
        }

        if (options.Variant.Count > 0)
        {
            var label = string.Join("; ", options.Variant.Select(kv => $"{kv.Key}={kv.Value}"));
            var variant = await system.StartExtraGatewayAsync("gateway-variant",
                new Dictionary<string, string>(options.Variant) { ["Gateway__RequestsPerMinute"] = "1000000" });
            processes.Add("gateway-variant", variant.Port);
            await Task.Delay(TimeSpan.FromSeconds(5));
            _results.IdleRssKb["gateway-variant"] = processes.RssKb("gateway-variant");
            using var stock = HttpTargets.Client(system.Gateway, reader);
            using var tuned = HttpTargets.Client(variant, reader);
            foreach (var c in options.Connections)
            {
                _results.Pairs.Add(await SideBySide.RunAsync($"GET needs: stock gateway (A) vs gateway with {label} (B)", c,
                    new Target("stock", HttpTargets.ListNeeds(stock), [ProcessSet.LoadGenerator, "needs", "gateway"]),
                    new Target("variant", HttpTargets.ListNeeds(tuned), [ProcessSet.LoadGenerator, "needs", "gateway-variant"]), options, processes));
            }
            _results.PeakRssKb["gateway variant"] = processes.TakePeaksKb();
            system.Kill("gateway-variant");
            processes.Remove("gateway-variant");
        }

        if (options.Runs("grpc"))
        {
            using var directChannel = GrpcTargets.Channel(new Uri($"http://127.0.0.1:{system.PortOf("needs-grpc")}/"));
            using var gatewayChannel = GrpcTargets.Channel(new Uri($"http://127.0.0.1:{grpcPort}/"));
            foreach (var c in options.GrpcConnections)
            {
                _results.Pairs.Add(await SideBySide.RunAsync($"gRPC StreamNeeds ({earmarks.Count} needs)", c,
                    new Target("direct", GrpcTargets.StreamNeeds(directChannel, service, earmarks.Count), [ProcessSet.LoadGenerator, "needs", "gateway-grpc"]),
                    new Target("gateway", GrpcTargets.StreamNeeds(gatewayChannel, service, earmarks.Count), [ProcessSet.LoadGenerator, "needs", "gateway-grpc"]),
                    options, processes));
            }
            _results.PeakRssKb["gRPC StreamNeeds"] = processes.TakePeaksKb();
        }

        if (options.Runs("events"))
        {
            Console.WriteLine("RabbitMQ floor: publish → consume on loopback …");
            _results.Floor = await BrokerFloorProbe.RunAsync(system.BrokerUrl, options.EventRate, TimeSpan.FromSeconds(10));
            if (options.Background > 0)
            {
                _results.Background = await BackgroundMarket.LoadAsync(system, reader, options.Background);
            }

            using var donorClient = HttpTargets.Client(system.Gateway, donor);
            using var readerClient = HttpTargets.Client(system.Gateway, reader);
            for (var i = 0; i < debounces.Length; i++)
            {
                if (i > 0)
                {
                    system.Kill("matching");
                    system.Start("matching", new Dictionary<string, string> { ["Matching__DebounceMilliseconds"] = debounces[i].ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    await system.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
                    await Task.Delay(TimeSpan.FromSeconds(5));
                    processes.Add("matching", system.PortOf("matching"));
                }
                Console.WriteLine($"Event path: {options.EventRate} pledges/s for {options.EventSeconds} s, debounce {debounces[i]} ms …");
                var result = await new EventPathBenchmark(system, donorClient, readerClient, earmarks).RunAsync(debounces[i], options.EventRate, options.EventSeconds);
                _results.EventPaths.Add(result);
                Console.WriteLine($"  visible {result.Visible}/{result.Accepted}, p50 {result.Latency.P50:F0} p95 {result.Latency.P95:F0} p99 {result.Latency.P99:F0} ms, {result.Rounds} rounds (median {result.MedianRoundMs:F0} ms)");
            }
            _results.PeakRssKb["event path"] = processes.TakePeaksKb();
        }

        if (options.Runs("post"))
        {
            // Stop matching and drop its pledge queue: the write benchmark creates ~10⁵ pledges that would
            // otherwise feed ever larger matching rounds on the same two cores, unequally between A and B.
            system.Kill("matching");
            processes.Remove("matching");
            await DeleteQueueAsync(system.BrokerUrl, "pledge-events");
            using var viaDirect = HttpTargets.Client(direct.Pledges, donor);
            using var viaGateway = HttpTargets.Client(system.Gateway, donor);
            foreach (var c in options.Connections)
            {
                _results.Pairs.Add(await SideBySide.RunAsync("POST /api/v1/pledges", c,
                    new Target("direct", HttpTargets.PostPledge(viaDirect), [ProcessSet.LoadGenerator, "pledges", "gateway"]),
                    new Target("gateway", HttpTargets.PostPledge(viaGateway), [ProcessSet.LoadGenerator, "pledges", "gateway"]), options, processes));
            }
            _results.PeakRssKb["POST pledges"] = processes.TakePeaksKb();
        }
        sampling.Cancel();
        await sampler;
        return _results;
    }

    /// <summary>
    /// A second gateway with an HTTP/2-only (h2c) endpoint and a route to the needs service's gRPC port,
    /// configured like the style guide's gRPC clusters: HTTP/2 with RequestVersionExact, policy "authenticated".
    /// </summary>
    private static Dictionary<string, string> GrpcGatewaySettings(MarketplaceProcesses system, int grpcPort) => new()
    {
        ["Gateway__RequestsPerMinute"] = "1000000",
        ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}",
        ["Kestrel__Endpoints__Grpc__Protocols"] = "Http2",
        ["ReverseProxy__Routes__needs-grpc__ClusterId"] = "needs-grpc",
        ["ReverseProxy__Routes__needs-grpc__AuthorizationPolicy"] = "authenticated",
        ["ReverseProxy__Routes__needs-grpc__RateLimiterPolicy"] = "per-client",
        ["ReverseProxy__Routes__needs-grpc__Match__Path"] = "/needs.v1.NeedsService/{**method}",
        ["ReverseProxy__Clusters__needs-grpc__Destinations__primary__Address"] = $"http://127.0.0.1:{system.PortOf("needs-grpc")}/",
        ["ReverseProxy__Clusters__needs-grpc__HttpRequest__Version"] = "2",
        ["ReverseProxy__Clusters__needs-grpc__HttpRequest__VersionPolicy"] = "RequestVersionExact",
    };

    private static async Task SeedNeedsAsync(MarketplaceProcesses system, IReadOnlyList<(string Country, string Sector)> earmarks)
    {
        foreach (var country in earmarks.Select(e => e.Country).Distinct())
        {
            using var state = await system.ClientAsync("state-" + country.ToLowerInvariant());
            foreach (var (_, sector) in earmarks.Where(e => e.Country == country))
            {
                var response = await state.PostAsync("api/v1/needs", Json.Body(EventPathBenchmark.NeedBody(country, sector)));
                response.EnsureSuccessStatusCode();
            }
        }
        Console.WriteLine($"Seeded {earmarks.Count} needs (one per country × sector).");
    }

    private static async Task DeleteQueueAsync(string brokerUrl, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    private int ConfiguredDebounce()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "services", "Matching", "appsettings.json")),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        return json?["Matching"]?["DebounceMilliseconds"]?.GetValue<int>() ?? 500;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Marketplace.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Marketplace.slnx not found");
    }

    /// <summary>MarketplaceProcesses starts bin/Release hosts when this assembly runs from a Release folder: build them.</summary>
    public static void BuildHostsInRelease(string root)
    {
        // The same one build of every host that run.sh makes (deploy/local/hosts.slnf).
        const string hosts = "deploy/local/hosts.slnf";
        Console.WriteLine($"dotnet build {hosts} -c Release");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", hosts, "-c", "Release", "-nologo", "-v", "q"]) { WorkingDirectory = root })!;
        build.WaitForExit();
        if (build.ExitCode != 0) throw new InvalidOperationException($"Release build of {hosts} failed");
        if (!AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}"))
        {
            throw new InvalidOperationException("Run the harness with -c Release: MarketplaceProcesses picks the hosts' configuration from it.");
        }
    }
}
