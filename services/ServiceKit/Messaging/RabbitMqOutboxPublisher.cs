using System.Diagnostics.Metrics;
using MassTransit;
using Marketplace.ServiceKit.Outbox;
using Microsoft.Extensions.Logging;
using MassTransit.Transports;
using BrokerPublishException = RabbitMQ.Client.Exceptions.PublishException;

namespace Marketplace.ServiceKit.Messaging;

/// <summary>
/// Publishes the outbox's events on a channel of its own that it can replace: a receive endpoint of its own
/// (a non-durable, exclusive queue that nothing is bound to and nothing is sent to) whose channel carries the publishes.
/// <para>
/// Why: when the broker refuses a publish (basic.nack), MassTransit keeps the channel, and a channel can stay
/// refused. RabbitMQ 3.10 (Debian 12's package; fixed from 3.11 on) sets up a channel's client for a quorum
/// queue on the channel's first publish to it, aimed at the leader named in the queue's record; if that node
/// has just died and the record does not name the new leader yet, every later publish of that channel to
/// that queue is nacked for as long as the channel lives (<c>rabbit_fifo_client:enqueue/3</c> answers
/// <c>{badrpc, nodedown}</c> with a rejection and keeps the dead node). The outbox retried on the same
/// channel for minutes after a node loss (reliability scenario f). So a nack retires the channel: the next
/// publish opens a new one, set up from the queue's current record. At most one replacement per
/// <see cref="MinimumRecycleInterval"/>, so a broker that refuses for a reason of its own (a full queue with
/// reject-publish) does not churn channels.
/// </para>
/// </summary>
public sealed class RabbitMqOutboxPublisher : IOutboxPublisher, IAsyncDisposable
{
    public const string QueuePrefix = "outbox-publisher-";
    internal static readonly TimeSpan MinimumRecycleInterval = TimeSpan.FromSeconds(2);

    private readonly IBus _bus;
    private readonly TimeProvider _clock;
    private readonly ILogger<RabbitMqOutboxPublisher> _logger;
    private readonly Counter<long> _recycled;
    private readonly Lock _lock = new();
    private PublishChannel? _current;
    private DateTimeOffset _lastRecycle = DateTimeOffset.MinValue;

    public RabbitMqOutboxPublisher(IBus bus, TimeProvider clock, IMeterFactory meters, ILogger<RabbitMqOutboxPublisher> logger)
    {
        (_bus, _clock, _logger) = (bus, clock, logger);
        _recycled = meters.Create(ServiceDefaults.Extensions.TelemetrySourceName).CreateCounter<long>(
            "marketplace.outbox.channels_replaced", "{channel}", "Publishing channels retired after the broker refused a publish.");
    }

    public async Task PublishAsync(object message, Type messageType, Guid messageId, CancellationToken ct)
    {
        var channel = Current();
        using var publish = CancellationTokenSource.CreateLinkedTokenSource(ct, channel.Retired.Token);
        try
        {
            await channel.Handle.Ready.WaitAsync(publish.Token);
            await channel.Endpoint.Publish(message, messageType, context => context.MessageId = messageId, publish.Token);
        }
        catch (Exception ex) when (IsRefusedByBroker(ex))
        {
            Retire(channel);
            throw;
        }
        catch (OperationCanceledException) when (channel.Retired.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // MassTransit retries a refused publish on the same channel until cancelled; the refusal retired it.
            throw new InvalidOperationException("The broker refused a publish on this channel (basic.nack); the channel was retired.");
        }
    }

    /// <summary>A basic.nack: the broker answered, and refused. A return (mandatory, unroutable) is not one.</summary>
    public static bool IsRefusedByBroker(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is BrokerPublishException { IsReturn: false }) return true;
        }
        return false;
    }

    private PublishChannel Current()
    {
        lock (_lock)
        {
            if (_current is not null) return _current;
            var queue = QueuePrefix + NewId.NextGuid().ToString("N");
            var handle = _bus.ConnectReceiveEndpoint(queue, endpoint =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    (rabbit.Durable, rabbit.AutoDelete, rabbit.Exclusive) = (false, true, true);
                    rabbit.ConfigureConsumeTopology = false;
                }
            });
            var channel = new PublishChannel(handle, new PublishEndpoint(handle.ReceiveEndpoint), new CancellationTokenSource());
            // Every attempt's fault, including those MassTransit retries internally, so a refusal is seen at once.
            handle.ReceiveEndpoint.ConnectPublishObserver(new RefusalObserver(this, channel));
            return _current = channel;
        }
    }

    private void Retire(PublishChannel channel)
    {
        lock (_lock)
        {
            var now = _clock.GetUtcNow();
            if (!ReferenceEquals(_current, channel) || now - _lastRecycle < MinimumRecycleInterval) return;
            (_current, _lastRecycle) = (null, now);
        }
        _recycled.Add(1);
        _logger.LogWarning("The broker refused a publish (basic.nack); later publishes go out on a new channel");
        channel.Retired.Cancel();
        _ = StopAsync(channel);
    }

    private async Task StopAsync(PublishChannel channel)
    {
        using var retired = channel.Retired;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await channel.Handle.StopAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Stopping a retired publishing channel failed; the broker drops it with the connection");
        }
    }

    public async ValueTask DisposeAsync()
    {
        PublishChannel? channel;
        lock (_lock) (channel, _current) = (_current, null);
        if (channel is not null) await StopAsync(channel);
    }

    private sealed record PublishChannel(HostReceiveEndpointHandle Handle, IPublishEndpoint Endpoint, CancellationTokenSource Retired);

    private sealed class RefusalObserver(RabbitMqOutboxPublisher publisher, PublishChannel channel) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class
        {
            if (IsRefusedByBroker(exception)) publisher.Retire(channel);
            return Task.CompletedTask;
        }
    }
}
