using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record Percentiles(long Count, double P50, double P95, double P99, double Max);

/// <summary>
/// RabbitMQ's own round trip on loopback — the event path's floor: persistent messages to a durable queue
/// (like MassTransit's), publisher confirms on (like the outbox relay), one consumer on another channel.
/// Measures publish → delivered to the consumer, and publish → confirm.
/// </summary>
public static class BrokerFloorProbe
{
    public static async Task<(Percentiles Delivered, Percentiles Confirmed)> RunAsync(string brokerUrl, int ratePerSecond, TimeSpan duration)
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var consume = await connection.CreateChannelAsync();
        await using var publish = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var queue = $"bench-floor-{Guid.NewGuid():N}";
        await consume.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: true);
        var delivered = new LatencyHistogram();
        var confirmed = new LatencyHistogram();
        var consumer = new AsyncEventingBasicConsumer(consume);
        consumer.ReceivedAsync += (_, e) =>
        {
            var sent = BitConverter.ToInt64(e.Body.Span);
            lock (delivered) delivered.RecordMicroseconds((long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
            return Task.CompletedTask;
        };
        await consume.BasicConsumeAsync(queue, autoAck: true, consumer);

        var properties = new BasicProperties { Persistent = true };
        var interval = TimeSpan.FromSeconds(1.0 / ratePerSecond);
        var total = (int)(duration.TotalSeconds * ratePerSecond);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = interval * i - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var sent = Stopwatch.GetTimestamp();
            await publish.BasicPublishAsync("", queue, mandatory: false, properties, BitConverter.GetBytes(sent));
            confirmed.RecordMicroseconds((long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (delivered.Count < total && DateTime.UtcNow < deadline) await Task.Delay(50);
        await consume.QueueDeleteAsync(queue);
        return (Summarise(delivered), Summarise(confirmed));
    }

    public static Percentiles Summarise(LatencyHistogram h) =>
        new(h.Count, h.PercentileMs(50), h.PercentileMs(95), h.PercentileMs(99), h.PercentileMs(100));
}
