using System.Diagnostics;
using Marketplace.Soak;
using Marketplace.TestSupport;

var options = SoakOptions.Parse(args);
var clock = Stopwatch.StartNew();
// Ctrl-C or SIGTERM ends the traffic early; the cluster nodes and processes are still stopped on the way out.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; interrupted.Cancel(); };
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
    context => { context.Cancel = true; interrupted.Cancel(); });
Console.WriteLine($"Soak: {options.Minutes} min of traffic, a service killed every {options.ChaosEverySeconds} s, a broker node half-way between");

await using var cluster = new RabbitMqCluster("mkt-soak");
await cluster.StartAsync();
Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] cluster {cluster.Name} up on {string.Join(", ", cluster.ClusterNodes)}");
await using var system = new MarketplaceProcesses(cluster: cluster);
await system.StartAsync();
Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] system ready at {system.Gateway} (data {system.DataDirectory})");

var api = new SoakApi(system);
var traffic = new Traffic(api, options.Seed);
var chaos = new Chaos(system, cluster, options);
var run = Stopwatch.StartNew();
TimeSpan trafficTime;
using (var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupted.Token))
{
    stop.CancelAfter(TimeSpan.FromMinutes(options.Minutes));
    var progress = Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMinutes(1), stop.Token).ContinueWith(_ => { });
            Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {traffic.Counts.Where(c => c.Key.EndsWith(" ok")).Sum(c => c.Value)} operations ok, " +
                $"{traffic.PostedNeeds.Count} needs, {traffic.PostedPledges.Count} pledges");
        }
    });
    var chaosRun = chaos.RunAsync(stop.Token);
    await Task.WhenAll([.. Enumerable.Range(0, options.Workers).Select(_ => traffic.RunAsync(stop.Token)), progress]);
    trafficTime = run.Elapsed;
    await chaosRun;
}
if (interrupted.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted: no invariant check, no figures written; stopping the processes and the cluster.");
    return 130;
}
await chaos.HealAsync();
Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] traffic stopped, every node and service up; checking the invariants");

// The system settles (outboxes drain, flows are created, views catch up): check until every invariant holds.
var settling = Stopwatch.StartNew();
var invariants = new Invariants(api, system, traffic);
var report = await invariants.CheckAsync();
while (report.Violations.Count > 0 && settling.Elapsed < TimeSpan.FromMinutes(5))
{
    await Task.Delay(TimeSpan.FromSeconds(2));
    report = await invariants.CheckAsync();
}
var settled = settling.Elapsed;

var result = new SoakResult(options, args, trafficTime, settled, traffic.Counts, chaos.Kills, api.UnexpectedServerErrors, report, clock.Elapsed);
Console.WriteLine(SoakReport.Render(result));
SoakReport.Save(result);
foreach (var violation in report.Violations.Take(50)) Console.Error.WriteLine($"VIOLATION {violation}");
return report.Violations.Count == 0 && api.UnexpectedServerErrors == 0 ? 0 : 1;
