using System.Diagnostics;
using MassTransit;
using Marketplace.Needs.Contracts;
using Marketplace.Reliability.Tests.Support;
using Marketplace.TestSupport;
using Xunit.Abstractions;

namespace Marketplace.Reliability.Tests;

/// <summary>
/// Scenario (c): the same events delivered twice and out of order (v1, v2, v2, v1 and other orders,
/// the duplicates with the same message id, as a relay repeating a publish would send them) leave
/// matching's view exactly as one delivery of v1 then v2 does.
/// </summary>
[Collection(SharedBrokerCollection.Name)]
public sealed class DuplicateDeliveryTests(SharedBrokerFixture fixture, ITestOutputHelper output)
{
    private static readonly string[][] Orders =
    [
        ["v1", "v2", "v2", "v1"],
        ["v2", "v1"],
        ["v2", "v2", "v1", "v1"],
        ["v1", "v1", "v2", "v2"],
        ["v2", "v1", "v1", "v2"],
    ];

    [Fact]
    public async Task DeliverTwiceAndOutOfOrder_NeedSnapshots_ViewEqualsOnceAndInOrder()
    {
        var system = fixture.System;
        var matching = ServiceDatabase.Of(system, "matching");
        var queues = new BrokerQueues(null, system.VirtualHost);
        var consumedBefore = await ConsumeMetrics.ConsumedAsync(system, "NeedPublished") + await ConsumeMetrics.ConsumedAsync(system, "NeedUpdated");
        var bus = await TestBus.StartAsync(system.BrokerUrl);
        var sent = 0;
        var reference = $"need_once_{Guid.NewGuid():N}";
        var shuffled = Orders.Select((_, i) => $"need_shuffled_{i}_{Guid.NewGuid():N}").ToList();
        var clock = Stopwatch.StartNew();
        try
        {
            await DeliverAsync(bus, reference, ["v1", "v2"]);
            sent += 2;
            for (var i = 0; i < Orders.Length; i++)
            {
                await DeliverAsync(bus, shuffled[i], Orders[i]);
                sent += Orders[i].Length;
            }
        }
        finally
        {
            await bus.StopAsync();
        }

        await Eventually.GetAsync(async () => (await matching.VersionsAsync("need_views")).Count(v => v.Key == reference || shuffled.Contains(v.Key)),
            n => n == Orders.Length + 1, TimeSpan.FromSeconds(30), "every need in the view");
        await Eventually.GetAsync(() => queues.CountAsync("need-events"), n => n == 0, TimeSpan.FromSeconds(30), "need-events to drain");
        var consumed = await Eventually.GetAsync(async () => await ConsumeMetrics.ConsumedAsync(system, "NeedPublished")
            + await ConsumeMetrics.ConsumedAsync(system, "NeedUpdated") - consumedBefore, n => n >= sent, TimeSpan.FromSeconds(10), "every delivery");
        var settled = clock.Elapsed;

        var expected = await RowAsync(matching, reference);
        Assert.Equal(2L, expected["version"]);
        Assert.Equal("Title v2", expected["title"]);
        var differing = 0;
        foreach (var id in shuffled)
        {
            var row = await RowAsync(matching, id);
            if (!row.Where(c => c.Key != "id").All(c => Equals(c.Value, expected[c.Key]))) differing++;
            Assert.Equal(expected.Where(c => c.Key != "id"), row.Where(c => c.Key != "id"));
        }
        var errors = await queues.CountAsync("need-events_error");

        ReliabilityReport.Record(new ScenarioResult("c", "same events delivered twice and out of order (v1,v2,v2,v1 …)",
            sent, consumed, 0, differing, $"{sent - 2 * (Orders.Length + 1)} by design", settled,
            $"{Orders.Length} delivery orders vs. one in-order delivery: {Orders.Length - differing} views identical, {errors} dead-lettered"), output);
        Assert.Equal(0, errors);
    }

    private static async Task DeliverAsync(IBus bus, string id, string[] order)
    {
        var ids = new Dictionary<string, Guid> { ["v1"] = NewId.NextGuid(), ["v2"] = NewId.NextGuid() };
        foreach (var version in order)
        {
            // The same message id for every copy of a version: a true redelivery, not a new event.
            if (version == "v1") await bus.Publish(new NeedPublished(Snapshot(id, 1)), c => c.MessageId = ids[version]);
            else await bus.Publish(new NeedUpdated(Snapshot(id, 2)), c => c.MessageId = ids[version]);
        }
    }

    private static NeedSnapshot Snapshot(string id, long version) => new(
        id, "BZ", "livelihoods", $"Title v{version}", version == 1 ? ["grant"] : ["grant", "loan"], version == 1 ? "medium" : "high",
        1000m * version, 0m, "USD", "open", null, null, version, DateTimeOffset.UtcNow);

    private static async Task<Dictionary<string, object?>> RowAsync(ServiceDatabase matching, string id)
    {
        var columns = new[] { "id", "country", "sector", "title", "instruments", "priority", "amount_minor", "funded_minor", "currency",
            "status", "start_date", "end_date", "version" };
        var row = (await matching.QueryAsync($"SELECT {string.Join(", ", columns)} FROM need_views WHERE id = '{id}'")).Single();
        return columns.Select((c, i) => (c, row[i])).ToDictionary(p => p.c, p => p.Item2);
    }
}
