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
    private const int BatchSize = 200;
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

    /// <summary>
    /// Publishes a batch concurrently and waits for all the broker's confirms together, then marks the batch
    /// in one write: one confirm round trip and one store write per batch instead of per event. Events of a
    /// batch may reach consumers in any order; consumers keep the highest snapshot version, so order does
    /// not matter, and a batch that fails is published again whole (same message ids).
    /// </summary>
    private async Task<int> PublishBatchAsync(CancellationToken ct)
    {
        var batch = await _store.ListPendingAsync(BatchSize, ct);
        _oldestPending = batch.Count > 0 ? batch[0].CreatedAt : null;
        if (batch.Count == 0) return 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var sent = await Task.WhenAll(batch.Select(message => PublishAsync(message, timeout.Token)));
        await _store.MarkPublishedAsync([.. batch.Where((_, i) => sent[i] is not null).Select(m => m.Id)], _clock.GetUtcNow(), ct);
        foreach (var type in sent.OfType<Type>())
        {
            _published.Add(1, new KeyValuePair<string, object?>("message_type", type.Name));
        }
        return sent.Count(t => t is not null);
    }

    /// <returns>The message's type once the broker confirmed it; null when the row cannot be published.</returns>
    private async Task<Type?> PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!_types.TryResolve(message.MessageType, out var type))
        {
            _logger.LogError("Outbox message {Id} has unknown type {Type}; left in place", message.Id, message.MessageType);
            return null;
        }
        var payload = JsonSerializer.Deserialize(message.Payload, type, OutboxMessageTypes.JsonOptions)!;
        // Continue the trace of the request that wrote the event; MassTransit's send span becomes its child.
        using var activity = ActivityContext.TryParse(message.TraceParent, null, out var parent)
            ? Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent)
            : Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer);
        activity?.SetTag("messaging.message.id", message.Id.ToString());
        await _bus.Publish(payload, type, context => context.MessageId = message.Id, ct);
        return type;
    }
}
