using MassTransit;

namespace Marketplace.Matching.Consumers;

/// <summary>
/// Retry policy of the view consumers: quick in-process retries for transient store errors, then the
/// message goes to the endpoint's <c>_error</c> queue, from where it can be replayed (docs/reliability.md).
/// </summary>
public class ViewEventsConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<TConsumer> consumer,
        IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}
