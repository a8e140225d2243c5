using System.Diagnostics;
using MassTransit;
using Marketplace.Needs.Contracts;
using Marketplace.Reliability.Tests.Support;
using Marketplace.TestSupport;
using Xunit.Abstractions;

namespace Marketplace.Reliability.Tests;

/// <summary>
/// Dead letters and their replay with deploy/local/replay-dead-letters.sh, on the suite's own broker
/// (the script enables rabbitmq_shovel there; the shared broker's plugins are left alone).
/// </summary>
[Collection(OwnBrokerCollection.Name)]
public sealed class DeadLetterReplayTests(OwnBrokerFixture fixture, ITestOutputHelper output)
{
    private const string Queue = "need-events";
    private const int PoisonCount = 5;
    private const int ConsumableCount = 20;

    [Fact]
    public async Task Replay_DeadLetteredNeedEvents_MovesEveryMessageBackAndTheConsumerAppliesTheConsumableOnes()
    {
        var (system, broker) = (fixture.System, fixture.Broker);
        var queues = new BrokerQueues(broker, system.VirtualHost);
        var views = ServiceDatabase.Of(system, "matching");
        var bus = await TestBus.StartAsync(system.BrokerUrl);
        try
        {
            // A real failure: an unknown currency makes the consumer throw on every attempt, so after the
            // in-process retries MassTransit moves each message to need-events_error.
            var poison = Enumerable.Range(0, PoisonCount).Select(i => Need($"need_poison_{i}_{Guid.NewGuid():N}", "XXX")).ToList();
            foreach (var need in poison) await bus.Publish(new NeedPublished(need));
            await Eventually.GetAsync(() => queues.CountAsync($"{Queue}_error"), n => n == PoisonCount, TimeSpan.FromSeconds(60),
                $"{PoisonCount} messages in {Queue}_error");

            // Dead letters of a failure that has since gone away (e.g. the store was unavailable for longer than
            // the retries): sent straight to the error queue, as MassTransit's error transport would have.
            var error = await bus.GetSendEndpoint(new Uri($"exchange:{Queue}_error"));
            var consumable = Enumerable.Range(0, ConsumableCount).Select(i => Need($"need_dead_{i}_{Guid.NewGuid():N}", "USD")).ToList();
            foreach (var need in consumable) await error.Send(new NeedPublished(need));
            Assert.Equal(PoisonCount + ConsumableCount, await Eventually.GetAsync(() => queues.CountAsync($"{Queue}_error"),
                n => n == PoisonCount + ConsumableCount, TimeSpan.FromSeconds(10), "every dead letter in the error queue"));
            var before = await views.VersionsAsync("need_views");
            Assert.DoesNotContain(consumable, n => before.ContainsKey(n.Id));

            var replaying = Stopwatch.StartNew();
            var script = Path.Combine(RepositoryRoot(), "deploy", "local", "replay-dead-letters.sh");
            var (code, log) = await broker.RunAsync(script, "-p", system.VirtualHost, "-n", broker.Name, Queue);
            var moved = replaying.Elapsed;
            output.WriteLine(log);
            Assert.True(code == 0, log);
            Assert.Contains($"Replayed {PoisonCount + ConsumableCount} message(s)", log);

            await Eventually.GetAsync(async () => Applied(consumable, await views.VersionsAsync("need_views")),
                n => n == ConsumableCount, TimeSpan.FromSeconds(30), "the replayed needs in matching's view");
            var applied = replaying.Elapsed;
            // The poison messages fail again and return to the error queue: replay never loses a message.
            await Eventually.GetAsync(() => queues.CountsAsync(),
                q => q.GetValueOrDefault($"{Queue}_error") == PoisonCount && q.GetValueOrDefault(Queue) == 0, TimeSpan.FromSeconds(60),
                "the poison messages back in the error queue");
            var settled = await views.VersionsAsync("need_views");
            Assert.All(consumable, n => Assert.Equal(1, settled[n.Id]));
            Assert.DoesNotContain(poison, n => settled.ContainsKey(n.Id));

            ReliabilityReport.Record(new ScenarioResult("dlq", "dead letters replayed with replay-dead-letters.sh",
                PoisonCount + ConsumableCount, ConsumableCount + PoisonCount, 0, 0, "n/a", applied,
                $"{PoisonCount + ConsumableCount} moved back in {moved.TotalSeconds:0.0} s (script, shovel plugin enabled by it); " +
                $"{ConsumableCount} applied; {PoisonCount} still-failing ones returned to {Queue}_error after the retries"), output);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static int Applied(List<NeedSnapshot> needs, Dictionary<string, long> views) => needs.Count(n => views.ContainsKey(n.Id));

    private static NeedSnapshot Need(string id, string currency) =>
        new(id, "GT", "shelter", "Dead-letter need", ["grant"], "high", 5000m, 0m, currency, "open", null, null, 1, DateTimeOffset.UtcNow);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Marketplace.slnx"))) dir = dir.Parent;
        return dir!.FullName;
    }
}
