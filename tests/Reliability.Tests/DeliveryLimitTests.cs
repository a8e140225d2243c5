using System.Text;
using Marketplace.Reliability.Tests.Support;
using Marketplace.TestSupport;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Marketplace.Reliability.Tests;

/// <summary>
/// The queue topology <c>AddMarketplaceMessaging</c> declares, on the real (shared) broker in a virtual host
/// of the test's own: a quorum queue whose message, delivered <c>RabbitMq:DeliveryLimit</c> times without an
/// ack, is dead-lettered by the broker into the queue's <c>_error</c> queue instead of looping; and a bad
/// cluster node list stops the host at start, naming the key.
/// </summary>
public sealed class DeliveryLimitTests : IDisposable
{
    private const int DeliveryLimit = 3;
    private readonly string _vhost = RabbitMqVirtualHost.Create();

    [Fact]
    public async Task Message_ReturnedMoreOftenThanTheDeliveryLimit_IsDeadLetteredToTheErrorQueue()
    {
        Assert.NotEqual("", _vhost);
        var url = MarketplaceProcesses.RabbitMqUrl.TrimEnd('/') + "/" + _vhost;
        using (var host = Host(("RabbitMq:Url", url), ("RabbitMq:DeliveryLimit", DeliveryLimit.ToString())))
        {
            // Starting the bus declares the consumer queue and its _error queue; stopping it leaves both, with no consumer.
            await host.StartAsync();
            await host.StopAsync();
        }

        await using var connection = await new ConnectionFactory { Uri = new Uri(url) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicPublishAsync("", ProbeConsumer.Queue, true, new BasicProperties { Persistent = true, MessageId = "poison-1" },
            Encoding.UTF8.GetBytes("{}"));
        var deliveries = 0;
        // A consumer that dies on the message: every delivery ends without an ack and the message returns to the queue.
        await Eventually.GetAsync(async () =>
        {
            while (await channel.BasicGetAsync(ProbeConsumer.Queue, autoAck: false) is { } delivery)
            {
                deliveries++;
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
            }
            return await channel.MessageCountAsync($"{ProbeConsumer.Queue}_error");
        }, count => count == 1, TimeSpan.FromSeconds(20), "the message dead-lettered to the error queue");

        var dead = await channel.BasicGetAsync($"{ProbeConsumer.Queue}_error", autoAck: true);
        Assert.Equal("poison-1", dead!.BasicProperties.MessageId);
        Assert.Equal("delivery_limit", Encoding.UTF8.GetString((byte[])dead.BasicProperties.Headers!["x-first-death-reason"]!));
        // Delivered until its count of returns exceeds the limit: the limit plus the first delivery, never more.
        Assert.Equal(DeliveryLimit + 1, deliveries);
        Assert.Equal(0u, await channel.MessageCountAsync(ProbeConsumer.Queue));
    }

    [Theory]
    [InlineData("RabbitMq:ClusterNodes:0", "mq-0:5672x", "RabbitMq:ClusterNodes entries must be host:port.")]
    [InlineData("RabbitMq:DeliveryLimit", "1", "DeliveryLimit")]
    public async Task Start_WithABadSetting_FailsNamingIt(string key, string value, string message)
    {
        using var host = Host(("RabbitMq:Url", "amqp://guest:guest@127.0.0.1:1/"), (key, value));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(message, error.Message);
    }

    public void Dispose() => RabbitMqVirtualHost.Delete(_vhost);

    private static IHost Host(params (string Key, string Value)[] settings) =>
        MessagingHost.Create(bus => bus.AddConsumer<ProbeConsumer>(typeof(ProbeConsumerDefinition)), settings);

    public sealed record Probe(string Text);

    public sealed class ProbeConsumer : IConsumer<Probe>
    {
        public const string Queue = "reliability-delivery-limit-probe";

        public Task Consume(ConsumeContext<Probe> context) => Task.CompletedTask;
    }

    public sealed class ProbeConsumerDefinition : ConsumerDefinition<ProbeConsumer>
    {
        public ProbeConsumerDefinition() => EndpointName = ProbeConsumer.Queue;
    }
}
