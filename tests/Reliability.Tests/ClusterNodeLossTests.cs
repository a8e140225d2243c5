using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Marketplace.Reliability.Tests.Support;
using Marketplace.ServiceKit.Messaging;
using Marketplace.TestSupport;
using Xunit.Abstractions;

namespace Marketplace.Reliability.Tests;

/// <summary>A 3-node RabbitMQ cluster of the suite's own (deploy/local/rabbitmq-cluster.sh) with a system on it.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public RabbitMqCluster Cluster { get; } = new("mkt-reliability");

    public MarketplaceProcesses System { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Cluster.StartAsync();
        System = new MarketplaceProcesses(cluster: Cluster);
        await System.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (System is not null) await System.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>
/// Scenario (f): a burst of needs and pledges through the gateway while the broker node that leads the
/// most queues dies (<c>kill -9</c> of its Erlang VM). The services connected to it fail over to the other
/// nodes (<c>RabbitMq:ClusterNodes</c>), its quorum queues elect new leaders from their replicas, and every accepted item reaches matching exactly once in effect; approvals
/// made on the two surviving nodes open exactly one flow each.
/// </summary>
public sealed class ClusterNodeLossTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    private const int PledgeCount = 120;
    private const int NeedCount = 40;
    private const int Approvals = 8;
    private const int BurstSeconds = 15;
    private const string PledgePostedExchange = "Marketplace.Pledges.Contracts:PledgePosted";

    // This scenario found a broker defect (RabbitMQ 3.10): a channel whose first publish to a quorum queue came while the
    // queue's record still named the dead leader was refused (basic.nack) for as long as it lived, and the pledges service's
    // outbox retried on it for minutes. The outbox publisher now retires a refused channel (RabbitMqOutboxPublisher).
    [Fact]
    public async Task KillTheLeadingNodeDuringABurst_LosesNothing_DuplicatesNothing_AndTheSurvivorsCarryApprovals()
    {
        var (system, cluster) = (fixture.System, fixture.Cluster);
        var vhost = system.VirtualHost;
        var queues = await QueuesAsync(cluster, vhost);
        output.WriteLine(string.Join('\n', queues.Select(q => $"{q.Name} {q.Type} {q.Members} members, leader {q.Leader}")));
        // Every consumer and error queue is replicated; the outbox publishers' own queues are exclusive and never receive anything.
        var consumerQueues = queues.Where(q => !q.Name.StartsWith(RabbitMqOutboxPublisher.QueuePrefix, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(consumerQueues);
        Assert.All(consumerQueues, q => Assert.True(q.Type == "quorum" && q.Members == 3, $"{q.Name}: {q.Type} with {q.Members} members"));
        var victim = Enumerable.Range(1, 3).MaxBy(n => consumerQueues.Count(q => q.Leader == cluster.NodeName(n)));
        var survivor = victim % 3 + 1;

        // A tap on a surviving node: every copy the broker routed, to tell republished messages from duplicated effects.
        var survivorUrl = $"amqp://guest:guest@127.0.0.1:{cluster.Ports[survivor - 1]}/{vhost}";
        var tap = $"reliability-tap-{Guid.NewGuid():N}";
        await TapQueue.BindAsync(survivorUrl, PledgePostedExchange, tap, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        var matchingDb = ServiceDatabase.Of(system, "matching");
        var donor = await system.ClientAsync("donor-eu");
        var state = await system.ClientAsync("state-hn");
        var secretariat = await system.ClientAsync("secretariat");
        var consumedBefore = await ConsumeMetrics.ConsumedAsync(system, "PledgePosted");

        var accepted = 0;
        var burst = Stopwatch.StartNew();
        var pledges = PostAllAsync(PledgeCount, i => donor.PostPledgeAsync("1000.00", "[\"HN\"]", "[\"education\"]", $"Cluster pledge {i}"), () => Interlocked.Increment(ref accepted));
        var needs = PostAllAsync(NeedCount, i => state.PostNeedAsync("HN", "5000.00", "education", $"Cluster need {i}"), () => Interlocked.Increment(ref accepted));
        await Eventually.GetAsync(() => Task.FromResult(Volatile.Read(ref accepted)), n => n >= (PledgeCount + NeedCount) / 3,
            TimeSpan.FromSeconds(120), "a third of the burst accepted");
        await cluster.KillAsync(victim);
        var killedAt = burst.Elapsed;
        var acceptedBeforeKill = Volatile.Read(ref accepted);
        var (pledgeIds, needIds) = (await pledges, await needs);
        Assert.Equal(PledgeCount, pledgeIds.Distinct().Count());
        Assert.Equal(NeedCount, needIds.Distinct().Count());

        Dictionary<string, long> pledgeViews, needViews;
        try
        {
            pledgeViews = await Eventually.GetAsync(() => matchingDb.VersionsAsync("pledge_views"), v => pledgeIds.All(v.ContainsKey),
                TimeSpan.FromSeconds(240), $"all {PledgeCount} pledges in matching's view");
            needViews = await Eventually.GetAsync(() => matchingDb.VersionsAsync("need_views"), v => needIds.All(v.ContainsKey),
                TimeSpan.FromSeconds(120), $"all {NeedCount} needs in matching's view");
        }
        catch (TimeoutException)
        {
            // What the publishers and the consumer saw of the node loss, for whoever reads the failure.
            var seen = await matchingDb.VersionsAsync("pledge_views");
            output.WriteLine($"{pledgeIds.Count(seen.ContainsKey)} of {PledgeCount} pledges in matching's view");
            foreach (var q in await QueuesAsync(cluster, vhost)) output.WriteLine($"queue {q.Name}: {q.Messages} messages, leader {q.Leader}");
            output.WriteLine($"--- node {survivor} log (last lines) ---\n{cluster.LogTail(survivor)}");
            foreach (var name in new[] { "pledges", "needs", "matching" })
            {
                output.WriteLine($"--- {name}.log (last lines) ---\n{string.Join('\n', system.LogOf(name).Split('\n').TakeLast(40))}");
            }
            throw;
        }
        var allReceived = burst.Elapsed;
        Assert.All(pledgeIds, id => Assert.Equal(1, pledgeViews[id]));
        Assert.All(needIds, id => Assert.Equal(1, needViews[id]));

        // Approvals on the two surviving nodes: MatchApproved reaches flows, exactly one flow per match.
        var proposals = await Eventually.GetAsync(() => secretariat.MatchesAsync("status=proposed&country=HN&sector=education"),
            p => p.Count >= Approvals, TimeSpan.FromSeconds(60), $"{Approvals} proposals");
        var approved = new List<(string Id, string PledgeId, decimal Amount)>();
        foreach (var proposal in proposals.Take(Approvals))
        {
            var id = proposal!["id"]!.GetValue<string>();
            var response = await secretariat.PostAsync($"api/v1/matches/{id}/approve", null);
            Assert.True(response.IsSuccessStatusCode, $"approve {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            approved.Add((id, proposal["pledgeId"]!.GetValue<string>(), decimal.Parse(proposal.Amount("amount"), CultureInfo.InvariantCulture)));
        }
        var flows = await Eventually.GetAsync(async () => (await secretariat.GetObjectAsync("api/v1/flows?country=HN&pageSize=200"))["items"]!.AsArray(),
            f => f.Count >= Approvals, TimeSpan.FromSeconds(60), "a flow for every approval");
        Assert.Equal(approved.Select(a => a.Id).Order(), flows.Select(f => f!["matchId"]!.GetValue<string>()).Order());
        foreach (var group in approved.GroupBy(a => a.PledgeId))
        {
            var pledge = await Eventually.GetAsync(() => secretariat.GetObjectAsync($"api/v1/pledges/{group.Key}"),
                p => decimal.Parse(p.Amount("allocated"), CultureInfo.InvariantCulture) == group.Sum(a => a.Amount),
                TimeSpan.FromSeconds(30), $"pledge {group.Key}'s allocated = Σ approved");
            Assert.Equal(group.Sum(a => a.Amount), decimal.Parse(pledge.Amount("allocated"), CultureInfo.InvariantCulture));
        }

        var restarting = Stopwatch.StartNew();
        await cluster.RestartAsync(victim);
        var rejoined = restarting.Elapsed;
        var settled = await Eventually.GetAsync(() => QueuesAsync(cluster, vhost),
            q => q.Where(x => !x.Name.StartsWith("reliability-tap-", StringComparison.Ordinal)).All(x => x.Messages == 0),
            TimeSpan.FromSeconds(60), "every consumer and error queue empty");
        Assert.All(settled.Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)), q => Assert.Equal(0, q.Messages));
        var consumed = await ConsumeMetrics.ConsumedAsync(system, "PledgePosted") - consumedBefore;
        var copies = await TapQueue.DrainAsync(survivorUrl, tap);
        Assert.Equal(PledgeCount, copies.Distinct().Count());

        var replaced = await ConsumeMetrics.ChannelsReplacedAsync(system, "pledges") + await ConsumeMetrics.ChannelsReplacedAsync(system, "needs");

        ReliabilityReport.Record(new ScenarioResult("f", $"3-node cluster: kill -9 of the node leading most queues during a burst of {PledgeCount} pledges + {NeedCount} needs",
            PledgeCount + NeedCount, pledgeIds.Count(pledgeViews.ContainsKey) + needIds.Count(needViews.ContainsKey), 0,
            pledgeIds.Count(id => pledgeViews[id] != 1) + needIds.Count(id => needViews[id] != 1),
            $"{copies.Count - copies.Distinct().Count()} published, {consumed - PledgeCount} consumed", allReceived - killedAt,
            $"node {victim} (leader of {consumerQueues.Count(q => q.Leader == cluster.NodeName(victim))} of {consumerQueues.Count} queues) killed after {acceptedBeforeKill} of {PledgeCount + NeedCount} accepted ({killedAt.TotalSeconds:0.0} s); every POST answered 201; " +
            $"{Approvals} approvals on the 2 survivors → {flows.Count} flows, allocated = Σ approved; node {victim} rejoined in {rejoined.TotalSeconds:0.0} s; {replaced} publishing channels retired after a refused publish; no dead letters"), output);
    }

    /// <summary>
    /// Posts <paramref name="count"/> items paced over <see cref="BurstSeconds"/> (at most 6 in flight), so the node dies
    /// while the services are still publishing: the publishes after the kill are the ones that must find the new leaders.
    /// </summary>
    private static async Task<List<string>> PostAllAsync(int count, Func<int, Task<string>> post, Action accepted)
    {
        using var gate = new SemaphoreSlim(6);
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(BurstSeconds) / count);
        var ids = new ConcurrentBag<string>();
        var posts = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            var n = i;
            posts.Add(Task.Run(async () =>
            {
                await gate.WaitAsync();
                try
                {
                    ids.Add(await post(n));
                    accepted();
                }
                finally { gate.Release(); }
            }));
            await pace.WaitForNextTickAsync();
        }
        await Task.WhenAll(posts);
        return [.. ids];
    }

    private sealed record QueueInfo(string Name, string Type, int Members, string Leader, long Messages);

    private static async Task<List<QueueInfo>> QueuesAsync(RabbitMqCluster cluster, string vhost)
    {
        var (code, output) = await cluster.CtlAsync("list_queues", "-p", vhost, "--no-table-headers", "name", "type", "members", "leader", "messages");
        Assert.True(code == 0, output);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(cells => cells.Length == 5)
            .Select(cells => new QueueInfo(cells[0], cells[1], cells[2].Split(',').Length, cells[3], long.Parse(cells[4], CultureInfo.InvariantCulture)))];
    }
}
