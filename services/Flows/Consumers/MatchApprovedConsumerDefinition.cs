using MassTransit;

namespace Marketplace.Flows.Consumers;

/// <summary>
/// The flows service's own queue for approvals (named for its owner, so no other service's consumer of
/// <c>MatchApproved</c> competes for the same messages); quick in-process retries for transient store
/// errors, then the message goes to the endpoint's <c>_error</c> queue, from where it can be replayed.
/// </summary>
public sealed class MatchApprovedConsumerDefinition : ConsumerDefinition<MatchApprovedConsumer>
{
    public MatchApprovedConsumerDefinition() => EndpointName = "flows-match-approved";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint, IConsumerConfigurator<MatchApprovedConsumer> consumer,
        IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}
