using RabbitMQ.Client;

namespace Marketplace.Reliability.Tests.Support;

/// <summary>
/// A durable queue bound to a message type's exchange beside the real consumer, so a test sees every
/// copy the broker routed: total copies minus distinct message ids = copies published more than once.
/// </summary>
public static class TapQueue
{
    /// <param name="arguments">Queue arguments, e.g. <c>x-queue-type: quorum</c> for a tap that must survive a cluster node.</param>
    public static async Task BindAsync(string brokerUrl, string exchange, string queue, IDictionary<string, object?>? arguments = null)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(brokerUrl) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: arguments);
        await channel.QueueBindAsync(queue, exchange, "");
    }

    /// <summary>Takes every message off the queue; returns the message ids, one per copy.</summary>
    public static async Task<List<string>> DrainAsync(string brokerUrl, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(brokerUrl) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var ids = new List<string>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            ids.Add(message.BasicProperties.MessageId ?? "");
        }
        return ids;
    }
}
