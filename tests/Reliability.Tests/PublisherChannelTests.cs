using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Marketplace.Reliability.Tests.Support;
using Marketplace.ServiceKit.Messaging;
using Marketplace.ServiceKit.Outbox;
using Marketplace.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace Marketplace.Reliability.Tests;

/// <summary>
/// The outbox publisher (<see cref="RabbitMqOutboxPublisher"/>) on the real broker, in a virtual host of the test's own:
/// a publish the broker refuses (basic.nack) retires the publishing channel, and the next publish goes out on a new one.
/// The refusal here is a queue that is always full with reject-publish overflow; after a node loss on RabbitMQ 3.10 it is
/// a channel stuck on a dead quorum-queue leader, which only a new channel gets past (reliability scenario f).
/// </summary>
public sealed class PublisherChannelTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _vhost = RabbitMqVirtualHost.Create();

    [Fact]
    public async Task APublishTheBrokerRefuses_RetiresTheChannel_AndTheNextPublishGoesOutOnANewOne()
    {
        var url = MarketplaceProcesses.RabbitMqUrl.TrimEnd('/') + "/" + _vhost;
        using var host = MessagingHost.Create(null, ("RabbitMq:Url", url));
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IOutboxPublisher>();
        var queues = new BrokerQueues(null, _vhost);
        using var replaced = new CounterTotal("marketplace.outbox.channels_replaced");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The first publish opens the publishing channel and declares the message's exchange (nothing bound yet: confirmed).
        await publisher.PublishAsync(new RefusedProbe("first"), typeof(RefusedProbe), NewId.NextGuid(), timeout.Token);
        var first = Assert.Single(PublisherQueues(await queues.CountsAsync()));

        // A queue that refuses everything routed to it: full at length 0, overflow reject-publish, so the broker nacks.
        await using var connection = await new ConnectionFactory { Uri = new Uri(url) }.CreateConnectionAsync();
        await using var admin = await connection.CreateChannelAsync();
        await admin.QueueDeclareAsync("refuse-all", durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = 0, ["x-overflow"] = "reject-publish" });
        var exchange = host.Services.GetRequiredService<IBus>().Topology.Message<RefusedProbe>().EntityName;
        await admin.QueueBindAsync("refuse-all", exchange, "");

        // MassTransit retries a refused publish on its channel until cancelled; the refusal ends it at once instead.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            publisher.PublishAsync(new RefusedProbe("refused"), typeof(RefusedProbe), NewId.NextGuid(), timeout.Token));
        Assert.False(timeout.IsCancellationRequested, refused.ToString());
        Assert.Equal(1, replaced.Total);

        await admin.QueueDeleteAsync("refuse-all");
        await publisher.PublishAsync(new RefusedProbe("after"), typeof(RefusedProbe), NewId.NextGuid(), timeout.Token);
        var now = await Eventually.GetAsync(async () => PublisherQueues(await queues.CountsAsync()), q => q.Count == 1 && q[0] != first,
            TimeSpan.FromSeconds(30), "the retired channel's queue gone and a new one in its place");
        Assert.NotEqual(first, now[0]);
        Assert.Equal(1, replaced.Total);
    }

    /// <summary>
    /// The defect itself, on the broker the tests run (RabbitMQ 3.10): the queue's record is made to name a leader on a node
    /// that does not exist — what a reconnected service sees right after the leader's node died and before the new leader
    /// is recorded. A channel whose first publish to the queue comes then is refused, and stays refused after the record
    /// is right again; a new channel is not. The outbox publisher gets past it by retiring the refused channel.
    /// </summary>
    [Fact]
    public async Task AQuorumQueueRecordNamingADeadLeader_RefusesTheChannel_AndTheOutboxPublishesOnANewOne()
    {
        var url = MarketplaceProcesses.RabbitMqUrl.TrimEnd('/') + "/" + _vhost;
        using var host = MessagingHost.Create(bus => bus.AddConsumer<LeaderProbeConsumer>(typeof(LeaderProbeConsumerDefinition)), ("RabbitMq:Url", url));
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IOutboxPublisher>();
        using var replaced = new CounterTotal("marketplace.outbox.channels_replaced");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var exchange = host.Services.GetRequiredService<IBus>().Topology.Message<LeaderProbe>().EntityName;
        await using var connection = await new ConnectionFactory { Uri = new Uri(url) }.CreateConnectionAsync();
        var confirms = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);

        await PointTheLeaderAtAsync("'ghost@localhost'");
        await using var early = await connection.CreateChannelAsync(confirms);
        var earlyRefused = await RefusedAsync(early, exchange);
        await Assert.ThrowsAnyAsync<Exception>(() => publisher.PublishAsync(new LeaderProbe("while stale"), typeof(LeaderProbe), NewId.NextGuid(), timeout.Token));
        Assert.Equal(1, replaced.Total);

        await PointTheLeaderAtAsync("node()");
        await using var late = await connection.CreateChannelAsync(confirms);
        Assert.True(earlyRefused, "a channel's first publish to a queue whose record names a dead leader is refused");
        Assert.False(await RefusedAsync(late, exchange), "a channel opened after the record is right");
        // RabbitMQ 3.10 keeps refusing the early channel; a broker that no longer does has the fix, and the publisher
        // then merely replaced a channel it could have kept.
        output.WriteLine($"early channel after the record was right: {(await RefusedAsync(early, exchange) ? "still refused (the 3.10 defect)" : "accepted")}");

        await publisher.PublishAsync(new LeaderProbe("after"), typeof(LeaderProbe), NewId.NextGuid(), timeout.Token);
        await Eventually.GetAsync(() => Task.FromResult(LeaderProbeConsumer.Received.Contains("after")), received => received,
            TimeSpan.FromSeconds(30), "the publish after the record was right consumed");
        Assert.Equal(1, replaced.Total);
    }

    private async Task PointTheLeaderAtAsync(string node)
    {
        var queue = $"rabbit_misc:r(<<\"{_vhost}\">>, queue, <<\"{LeaderProbeConsumer.Queue}\">>)";
        var (code, text) = await BrokerQueues.SharedCtlAsync("eval",
            $"rabbit_misc:execute_mnesia_transaction(fun () -> rabbit_amqqueue:update({queue}, " +
            $"fun (Q) -> {{Name, _}} = amqqueue:get_pid(Q), amqqueue:set_pid(Q, {{Name, {node}}}) end) end).");
        Assert.True(code == 0, text);
    }

    private static async Task<bool> RefusedAsync(IChannel channel, string exchange)
    {
        try
        {
            await channel.BasicPublishAsync(exchange, "", true, new BasicProperties { Persistent = true }, "{}"u8.ToArray());
            return false;
        }
        catch (RabbitMQ.Client.Exceptions.PublishException e) when (!e.IsReturn)
        {
            return true;
        }
    }

    [Fact]
    public void OnlyARefusal_CountsAsOne_NotAReturnOrAnotherFailure()
    {
        var nack = new RabbitMQ.Client.Exceptions.PublishException(7, isReturn: false);
        var returned = new RabbitMQ.Client.Exceptions.PublishException(7, isReturn: true);

        Assert.True(RabbitMqOutboxPublisher.IsRefusedByBroker(new InvalidOperationException("BasicPublishAsync failed", nack)));
        Assert.False(RabbitMqOutboxPublisher.IsRefusedByBroker(new InvalidOperationException("returned", returned)));
        Assert.False(RabbitMqOutboxPublisher.IsRefusedByBroker(new TimeoutException()));
    }

    public void Dispose() => RabbitMqVirtualHost.Delete(_vhost);

    private static List<string> PublisherQueues(Dictionary<string, long> counts) =>
        [.. counts.Keys.Where(name => name.StartsWith(RabbitMqOutboxPublisher.QueuePrefix, StringComparison.Ordinal))];

    public sealed record RefusedProbe(string Text);

    public sealed record LeaderProbe(string Text);

    public sealed class LeaderProbeConsumer : IConsumer<LeaderProbe>
    {
        public const string Queue = "reliability-leader-probe";

        public static ConcurrentBag<string> Received { get; } = [];

        public Task Consume(ConsumeContext<LeaderProbe> context)
        {
            Received.Add(context.Message.Text);
            return Task.CompletedTask;
        }
    }

    public sealed class LeaderProbeConsumerDefinition : ConsumerDefinition<LeaderProbeConsumer>
    {
        public LeaderProbeConsumerDefinition() => EndpointName = LeaderProbeConsumer.Queue;
    }

    /// <summary>The sum of a counter's measurements while it lives, from any meter that publishes an instrument of that name.</summary>
    private sealed class CounterTotal : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterTotal(string instrument)
        {
            _listener.InstrumentPublished = (i, listener) => { if (i.Name == instrument) listener.EnableMeasurementEvents(i); };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
