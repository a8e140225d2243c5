using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using Marketplace.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// Publishes outbox rows in commit order with broker confirms, marking each only after the broker has it.
/// A crash between publish and mark republishes the message with the same id: consumers are idempotent.
/// While the broker is down, rows simply wait; the relay retries with back-off.
/// </summary>
public sealed class OutboxRelay : BackgroundService
{
    private static readonly ActivitySource Source = new(Extensions.TelemetrySourceName);

    private readonly IOutboxStore _store;
    private readonly IBus _bus;
    private readonly OutboxMessageTypes _types;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxRelay> _logger;
    private readonly Counter<long> _published;
    private DateTimeOffset? _oldestPending;

    public OutboxRelay(IOutboxStore store, IBus bus, OutboxMessageTypes types, OutboxSignal signal, TimeProvider clock,
        IMeterFactory meters, ILogger<OutboxRelay> logger)
    {
        (_store, _bus, _types, _signal, _clock, _logger) = (store, bus, types, signal, clock, logger);
        // The meter belongs to the host (disposed with it), and the gauge is created once, before the relay runs,
        // so that it is observed from the first collection and never registered twice.
        var meter = meters.Create(Extensions.TelemetrySourceName);
        _published = meter.CreateCounter<long>("marketplace.outbox.published", "{message}",
            "Events published from the transactional outbox.");
        meter.CreateObservableGauge("marketplace.outbox.lag", () =>
            _oldestPending is { } oldest ? (_clock.GetUtcNow() - oldest).TotalSeconds : 0d, "s",
            "Age of the oldest event not yet published.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await PublishBatchAsync(stoppingToken);
                delay = TimeSpan.FromMilliseconds(200);
                if (published > 0) continue;
                await _signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Outbox relay could not publish; retrying in {Delay}", delay);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        var batch = await _store.ListPendingAsync(100, ct);
        _oldestPending = batch.Count > 0 ? batch[0].CreatedAt : null;
        foreach (var message in batch)
        {
            if (!_types.TryResolve(message.MessageType, out var type))
            {
                _logger.LogError("Outbox message {Id} has unknown type {Type}; left in place", message.Id, message.MessageType);
                continue;
            }
            var payload = JsonSerializer.Deserialize(message.Payload, type, OutboxMessageTypes.JsonOptions)!;
            // Continue the trace of the request that wrote the event; MassTransit's send span becomes its child.
            using var activity = ActivityContext.TryParse(message.TraceParent, null, out var parent)
                ? Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent)
                : Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer);
            activity?.SetTag("messaging.message.id", message.Id.ToString());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await _bus.Publish(payload, type, context => context.MessageId = message.Id, timeout.Token);
            await _store.MarkPublishedAsync(message.Id, _clock.GetUtcNow(), ct);
            _published.Add(1, new KeyValuePair<string, object?>("message_type", type.Name));
        }
        return batch.Count;
    }
}
