using MassTransit;

namespace Marketplace.Reliability.Tests.Support;

/// <summary>A MassTransit bus on a test system's virtual host, to publish events as a service's relay would.</summary>
public static class TestBus
{
    public static async Task<IBusControl> StartAsync(string brokerUrl)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(brokerUrl), host => host.PublisherConfirmation = true));
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return bus;
    }
}
