using System.Diagnostics;
using System.Net;
using Marketplace.Reliability.Tests.Support;
using Marketplace.TestSupport;
using Xunit.Abstractions;

namespace Marketplace.Reliability.Tests;

/// <summary>
/// Scenario (a): the broker is down while donors post pledges. Writes are accepted (they wait in the
/// pledges outbox), readiness reports the outage, and when the broker returns every pledge reaches
/// the matching service exactly once. Matching is never restarted here, so its views can only have
/// been filled by the events (not by its start-up rebuild over gRPC).
/// </summary>
[Collection(OwnBrokerCollection.Name)]
public sealed class BrokerOutageTests(OwnBrokerFixture fixture, ITestOutputHelper output)
{
    private const int PledgeCount = 200;
    private const string PledgePostedExchange = "Marketplace.Pledges.Contracts:PledgePosted";

    [Fact]
    public async Task PostPledges_WhileBrokerIsDown_AreAcceptedAndAllReachMatchingOnceItReturns()
    {
        var (system, broker) = (fixture.System, fixture.Broker);
        var donor = await system.ClientAsync("donor-eu");
        var tap = $"reliability-tap-{Guid.NewGuid():N}";
        await TapQueue.BindAsync(system.BrokerUrl, PledgePostedExchange, tap);
        var consumedBefore = await ConsumeMetrics.ConsumedAsync(system, "PledgePosted");
        var pledgesDb = ServiceDatabase.Of(system, "pledges");
        var matchingDb = ServiceDatabase.Of(system, "matching");

        await broker.StopAsync();
        var matchingReady = new Uri($"http://127.0.0.1:{system.PortOf("matching")}/health/ready");
        var pledgesReady = new Uri($"http://127.0.0.1:{system.PortOf("pledges")}/health/ready");
        await Eventually.GetAsync(() => ReadinessAsync(matchingReady), r => r.Body.Contains("\"Degraded\""),
            TimeSpan.FromSeconds(30), "the matching service to report the broker outage");

        var posting = Stopwatch.StartNew();
        var ids = await PostPledgesAsync(donor, PledgeCount);
        posting.Stop();
        Assert.Equal(PledgeCount, ids.Distinct().Count());
        var waiting = await pledgesDb.CountAsync(
            "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL AND message_type LIKE '%.PledgePosted'");
        Assert.Equal(PledgeCount, waiting);
        var degraded = await Eventually.GetAsync(() => ReadinessAsync(pledgesReady), r => r.Body.Contains("\"Degraded\""),
            TimeSpan.FromSeconds(30), "the pledges service to report events waiting in its outbox");
        output.WriteLine($"pledges /health/ready while the broker is down: {(int)degraded.Status} {degraded.Body}");
        Assert.Equal(HttpStatusCode.OK, degraded.Status);
        Assert.Equal(HttpStatusCode.OK, (await ReadinessAsync(new Uri(system.Gateway, "health/ready"))).Status);

        var restarted = Stopwatch.StartNew();
        await broker.StartAsync();
        var brokerBack = restarted.Elapsed;
        await Eventually.GetAsync(async () => ids.Count((await matchingDb.VersionsAsync("pledge_views")).ContainsKey),
            n => n == PledgeCount, TimeSpan.FromSeconds(90), $"all {PledgeCount} pledges in matching's view");
        var allReceived = restarted.Elapsed;
        await Eventually.GetAsync(() => ReadinessAsync(pledgesReady), r => r.Body.Contains("\"status\":\"Healthy\""),
            TimeSpan.FromSeconds(60), "the pledges service to be healthy again");
        var readyAgain = restarted.Elapsed;

        var views = await matchingDb.VersionsAsync("pledge_views");
        Assert.All(ids, id => Assert.Equal(1, views[id]));
        Assert.Equal(0, await pledgesDb.CountAsync("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL"));
        var consumed = await Eventually.GetAsync(async () => await ConsumeMetrics.ConsumedAsync(system, "PledgePosted") - consumedBefore,
            n => n >= PledgeCount, TimeSpan.FromSeconds(10), "the consume counter");
        var copies = await TapQueue.DrainAsync(system.BrokerUrl, tap);
        Assert.Equal(PledgeCount, copies.Distinct().Count());

        output.WriteLine($"posted {PledgeCount} pledges in {posting.Elapsed.TotalSeconds:0.0} s while the broker was down; " +
            $"broker back after {brokerBack.TotalSeconds:0.0} s, all in matching after {allReceived.TotalSeconds:0.0} s, " +
            $"ready after {readyAgain.TotalSeconds:0.0} s; copies routed {copies.Count}, consumer deliveries {consumed}");
        ReliabilityReport.Record(new ScenarioResult("a", "broker stopped, 200 pledges posted, broker started",
            PledgeCount, views.Keys.Count(ids.Contains), PledgeCount - views.Keys.Count(ids.Contains), views.Count(v => ids.Contains(v.Key) && v.Value != 1),
            $"{copies.Count - copies.Distinct().Count()} published, {consumed - PledgeCount} consumed", allReceived - brokerBack,
            $"all 200 POSTs 201 while down ({posting.Elapsed.TotalSeconds:0.0} s), {waiting} waited in the outbox; /health/ready Degraded (HTTP 200, gateway stays ready) while down, " +
            $"Healthy again {readyAgain.TotalSeconds:0.0} s after restart; broker boot {brokerBack.TotalSeconds:0.0} s"), output);
        Assert.Equal(PledgeCount, views.Keys.Count(ids.Contains));
    }

    private static async Task<List<string>> PostPledgesAsync(HttpClient donor, int count)
    {
        using var gate = new SemaphoreSlim(8);
        var posts = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try { return await donor.PostPledgeAsync("1000.00", "[\"HN\"]", "[\"education\"]", $"Outage pledge {i}"); }
            finally { gate.Release(); }
        });
        return [.. await Task.WhenAll(posts)];
    }

    private static async Task<(HttpStatusCode Status, string Body)> ReadinessAsync(Uri uri)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(uri);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (HttpStatusCode.ServiceUnavailable, ex.Message);
        }
    }
}
