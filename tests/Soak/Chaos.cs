using System.Diagnostics;
using Marketplace.TestSupport;

namespace Marketplace.Soak;

/// <summary>
/// Every <c>--chaos-every</c> seconds a <c>kill -9</c> of a random service, restarted at once (as an orchestrator
/// would); half-way between, a <c>kill -9</c> of a random broker node, restarted after <c>--broker-down</c> seconds.
/// Records what was killed and how long it took to be back: a service until the system is ready again, a
/// broker node from its restart until it runs in the cluster again (its time down is the chosen --broker-down).
/// </summary>
public sealed class Chaos(MarketplaceProcesses system, RabbitMqCluster cluster, SoakOptions options)
{
    private static readonly string[] Services = ["identity", "needs", "pledges", "matching", "flows", "gateway"];

    public List<(string What, TimeSpan Recovery)> Kills { get; } = [];

    public async Task RunAsync(CancellationToken stop)
    {
        var random = new Random(options.Seed);
        var period = TimeSpan.FromSeconds(options.ChaosEverySeconds);
        try
        {
            while (true)
            {
                await Task.Delay(period / 2, stop);
                var service = Services[random.Next(Services.Length)];
                var started = Stopwatch.StartNew();
                system.Kill(service);
                system.Start(service);
                await system.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
                Record($"service {service}", started.Elapsed);

                await Task.Delay(period / 2, stop);
                var node = random.Next(1, 4);
                started.Restart();
                await cluster.KillAsync(node);
                await Task.Delay(TimeSpan.FromSeconds(options.BrokerDownSeconds), stop);
                started.Restart();
                await cluster.RestartAsync(node);
                Record($"broker node {node}", started.Elapsed);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>After the traffic: every node and every service up again.</summary>
    public async Task HealAsync()
    {
        for (var node = 1; node <= 3; node++)
        {
            if (!cluster.IsUp(node)) await cluster.RestartAsync(node);
        }
        foreach (var service in Services.Where(s => !system.IsRunning(s))) system.Start(service);
        await system.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
    }

    private void Record(string what, TimeSpan recovery)
    {
        lock (Kills) Kills.Add((what, recovery));
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] kill -9 {what}: back in {recovery.TotalSeconds:0.0} s");
    }
}
