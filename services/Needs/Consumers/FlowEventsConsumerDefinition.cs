using MassTransit;

namespace Marketplace.Needs.Consumers;

/// <summary>
/// The needs service's own queue for flow events (named for its owner, so the pledges and matching
/// services' consumers of the same events never compete for them); quick retries, then <c>_error</c>.
/// </summary>
public sealed class FlowEventsConsumerDefinition : ConsumerDefinition<FlowEventsConsumer>
{
    public FlowEventsConsumerDefinition() => EndpointName = "needs-flow-events";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<FlowEventsConsumer> consumer,
        IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}
