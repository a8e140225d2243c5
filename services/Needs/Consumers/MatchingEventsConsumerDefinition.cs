using MassTransit;

namespace Marketplace.Needs.Consumers;

/// <summary>The needs service's own queue for matching events (round reports and approvals); quick retries, then <c>_error</c>.</summary>
public sealed class MatchingEventsConsumerDefinition : ConsumerDefinition<MatchingEventsConsumer>
{
    public MatchingEventsConsumerDefinition() => EndpointName = "needs-matching-events";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<MatchingEventsConsumer> consumer,
        IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}
