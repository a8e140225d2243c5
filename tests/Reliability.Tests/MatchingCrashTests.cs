using System.Diagnostics;
using Marketplace.Reliability.Tests.Support;
using Marketplace.TestSupport;
using Xunit.Abstractions;

namespace Marketplace.Reliability.Tests;

/// <summary>
/// Scenario (b): the matching service is killed (kill -9) during a burst of need and pledge events and
/// restarted while the burst goes on. Every need and pledge ends in matching's views at its latest
/// version, the event queues drain with nothing dead-lettered, and no (need, pledge) pair is proposed twice.
/// </summary>
[Collection(SharedBrokerCollection.Name)]
public sealed class MatchingCrashTests(SharedBrokerFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Countries = ["GT", "HN", "SV", "MX"];

    [Fact]
    public async Task KillMatching_DuringBurstOfEvents_NothingLostAndNoPairProposedTwice()
    {
        var system = fixture.System;
        var states = new Dictionary<string, HttpClient>();
        foreach (var country in Countries) states[country] = await system.ClientAsync($"state-{country.ToLowerInvariant()}");
        var donor = await system.ClientAsync("donor-eu");
        var reader = await system.ClientAsync("secretariat");
        var matching = ServiceDatabase.Of(system, "matching");
        var queues = new BrokerQueues(null, system.VirtualHost);
        var needs = new List<(string Id, string Country)>();
        var pledges = new List<string>();

        // First wave: 40 needs and 40 pledges at once; matching is killed while it is still consuming them.
        await Parallel.ForEachAsync(Enumerable.Range(0, 40), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, _) =>
        {
            var country = Countries[i % Countries.Length];
            var need = await states[country].PostNeedAsync(country, $"{10_000 + i * 100}.00", sector: "health", title: $"Burst need {i}");
            var pledge = await donor.PostPledgeAsync($"{8_000 + i * 50}.00", $"[\"{country}\"]", "[\"health\"]", $"Burst pledge {i}");
            lock (needs) { needs.Add((need, country)); pledges.Add(pledge); }
        });
        system.Kill("matching");
        var inViewsAtKill = (await matching.VersionsAsync("need_views")).Count + (await matching.VersionsAsync("pledge_views")).Count;
        var queuedAtKill = await queues.CountsAsync();

        // Second wave while matching is down: every need is edited (version 2).
        await Parallel.ForEachAsync(needs, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (need, _) =>
            await states[need.Country].RetitleNeedAsync(need.Id, $"{need.Id} edited while matching was down"));
        var restart = Stopwatch.StartNew();
        system.Start("matching");
        // Third wave during the restart: half the needs edited again (version 3), ten more pledges.
        await Parallel.ForEachAsync(needs.Take(20), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (need, _) =>
            await states[need.Country].RetitleNeedAsync(need.Id, $"{need.Id} edited during the restart"));
        foreach (var i in Enumerable.Range(0, 10)) pledges.Add(await donor.PostPledgeAsync("5000.00", "[\"GT\"]", "[\"health\"]", $"Late pledge {i}"));

        var expected = new Dictionary<string, long>();
        foreach (var (id, _) in needs) expected[id] = await reader.VersionAsync($"api/v1/needs/{id}");
        foreach (var id in pledges) expected[id] = await reader.VersionAsync($"api/v1/pledges/{id}");
        await Eventually.GetAsync(async () => Behind(expected, await ViewsAsync(matching)), behind => behind == 0,
            TimeSpan.FromSeconds(60), "matching's views to reach every latest version");
        var converged = restart.Elapsed;
        var counts = await Eventually.GetAsync(() => queues.CountsAsync(),
            q => q.GetValueOrDefault("need-events") == 0 && q.GetValueOrDefault("pledge-events") == 0, TimeSpan.FromSeconds(30),
            "the event queues to drain");
        await system.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));

        var duplicatePairs = 0L;
        for (var check = 0; check < 5; check++)
        {
            duplicatePairs = Math.Max(duplicatePairs, await matching.CountAsync("""
                SELECT COUNT(*) FROM (SELECT need_id, pledge_id FROM matches WHERE status = 'proposed'
                                      GROUP BY need_id, pledge_id HAVING COUNT(*) > 1)
                """));
            await Task.Delay(300);
        }
        var proposed = await matching.CountAsync("SELECT COUNT(*) FROM matches WHERE status = 'proposed'");
        var sent = await OutboxRowsAsync(system, "needs") + await OutboxRowsAsync(system, "pledges");
        var views = await ViewsAsync(matching);
        var lost = expected.Count(e => views.GetValueOrDefault(e.Key) < e.Value);

        output.WriteLine($"at the kill: {inViewsAtKill} of 80 entities in the views, queued " +
            string.Join(", ", queuedAtKill.Select(q => $"{q.Key}={q.Value}")));
        ReliabilityReport.Record(new ScenarioResult("b", "kill -9 matching during a burst of need/pledge events, restart",
            sent, sent - EventsBehind(expected, views), EventsBehind(expected, views), duplicatePairs, "n/m", converged,
            $"{expected.Count} needs/pledges all at their latest version; {proposed} proposals, {duplicatePairs} pairs proposed twice; " +
            $"killed with {inViewsAtKill}/80 entities applied; queues drained, " +
            $"{counts.GetValueOrDefault("need-events_error") + counts.GetValueOrDefault("pledge-events_error")} dead-lettered"), output);

        Assert.Equal(0, lost);
        Assert.Equal(0, duplicatePairs);
        Assert.Equal(0, counts.GetValueOrDefault("need-events_error") + counts.GetValueOrDefault("pledge-events_error"));
    }

    private static async Task<Dictionary<string, long>> ViewsAsync(ServiceDatabase matching) =>
        (await matching.VersionsAsync("need_views")).Concat(await matching.VersionsAsync("pledge_views")).ToDictionary();

    private static int Behind(Dictionary<string, long> expected, Dictionary<string, long> views) =>
        expected.Count(e => views.GetValueOrDefault(e.Key) < e.Value);

    /// <summary>Events whose version the view has not reached (each version is one event).</summary>
    private static long EventsBehind(Dictionary<string, long> expected, Dictionary<string, long> views) =>
        expected.Sum(e => Math.Max(0, e.Value - views.GetValueOrDefault(e.Key)));

    private static Task<long> OutboxRowsAsync(MarketplaceProcesses system, string service) =>
        ServiceDatabase.Of(system, service).CountAsync("SELECT COUNT(*) FROM outbox");
}
