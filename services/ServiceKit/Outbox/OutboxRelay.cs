using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Marketplace.ServiceDefaults;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// Publishes outbox rows in commit order with broker confirms, marking each only after the broker has it.
/// A crash between publish and mark republishes the message with the same id: consumers are idempotent.
/// While the broker is down, rows simply wait; the relay releases what it could not publish and retries
/// with a back-off from 200 ms to 10 s.
/// </summary>
public sealed class OutboxRelay : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaximumDelay = TimeSpan.FromSeconds(10);
    private static readonly ActivitySource Source = new(Extensions.TelemetrySourceName);

    private readonly IOutboxStore _store;
    private readonly IOutboxPublisher _publisher;
    private readonly OutboxMessageTypes _types;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxRelay> _logger;
    private readonly Counter<long> _published;
    private DateTimeOffset? _oldestPending;

    public OutboxRelay(IOutboxStore store, IOutboxPublisher publisher, OutboxMessageTypes types, OutboxSignal signal, TimeProvider clock,
        IMeterFactory meters, ILogger<OutboxRelay> logger)
    {
        (_store, _publisher, _types, _signal, _clock, _logger) = (store, publisher, types, signal, clock, logger);
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
        var delay = MinimumDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (published, failed) = await PublishBatchAsync(stoppingToken);
                if (failed == 0)
                {
                    delay = MinimumDelay;
                    if (published > 0) continue;
                    await _signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                    continue;
                }
                _logger.LogWarning("Outbox relay could not publish {Failed} events; they are released and retried in {Delay}", failed, delay);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Outbox relay could not read or mark the outbox; retrying in {Delay}", delay);
            }
            await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, MaximumDelay.TotalMilliseconds));
        }
    }

    /// <summary>
    /// Publishes a batch concurrently and waits for all the broker's confirms together, then marks what the
    /// broker confirmed in one write and releases the claim on what it did not, so those are claimed again
    /// after a short back-off rather than when the lease expires: one confirm round trip and one store write
    /// per batch instead of per event. Events of a batch may reach consumers in any order; consumers keep the
    /// highest snapshot version, so order does not matter, and a republished event keeps its message id.
    /// </summary>
    private async Task<(int Published, int Failed)> PublishBatchAsync(CancellationToken ct)
    {
        var batch = await _store.ListPendingAsync(BatchSize, ct);
        _oldestPending = batch.Count > 0 ? batch[0].CreatedAt : null;
        if (batch.Count == 0) return (0, 0);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var outcomes = await Task.WhenAll(batch.Select(message => TryPublishAsync(message, timeout.Token)));
        var sent = batch.Zip(outcomes).Where(p => p.Second.Type is not null).ToList();
        var failed = batch.Zip(outcomes).Where(p => p.Second.Failed).Select(p => p.First.Id).ToList();
        // Not cancelled by a stopping host: what the broker confirmed is marked, and the rest handed back, before the relay stops.
        if (sent.Count > 0) await _store.MarkPublishedAsync([.. sent.Select(p => p.First.Id)], _clock.GetUtcNow(), CancellationToken.None);
        if (failed.Count > 0) await _store.ReleaseAsync(failed, CancellationToken.None);
        foreach (var (_, outcome) in sent)
        {
            _published.Add(1, new KeyValuePair<string, object?>("message_type", outcome.Type!.Name));
        }
        return (sent.Count, failed.Count);
    }

    /// <summary>
    /// The message's type once the broker confirmed it; Failed when the publish threw (broker down, no
    /// confirm in time); neither for a row of an unknown type, which keeps its claim until it expires, so it
    /// neither blocks the entries behind it nor spins the relay.
    /// </summary>
    private async Task<(Type? Type, bool Failed)> TryPublishAsync(OutboxMessage message, CancellationToken ct)
    {
        try
        {
            return (await PublishAsync(message, ct), false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Publishing outbox message {Id} failed", message.Id);
            return (null, true);
        }
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
        await _publisher.PublishAsync(payload, type, message.Id, ct);
        return type;
    }
}
