using MassTransit;

namespace Marketplace.Notifications.Consumers;

/// <summary>
/// The notifications service's own queue (no other service's consumer competes for its messages). While the
/// identity service or the store fails, in-process retries with exponential back-off, then the
/// <c>_error</c> queue, from where messages can be replayed.
/// </summary>
public sealed class MarketplaceEventsConsumerDefinition : ConsumerDefinition<MarketplaceEventsConsumer>
{
    public MarketplaceEventsConsumerDefinition() => EndpointName = "notifications-events";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<MarketplaceEventsConsumer> consumer,
        IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
    }
}
