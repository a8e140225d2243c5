namespace Marketplace.Matching.Consumers;

/// <summary>
/// Retry policy of <see cref="FlowEventsConsumer"/>, on a queue named for matching so that another
/// service's consumer of the same flow events never competes for the messages.
/// </summary>
public sealed class FlowEventsConsumerDefinition : ViewEventsConsumerDefinition<FlowEventsConsumer>
{
    public FlowEventsConsumerDefinition() => EndpointName = "matching-flow-events";
}
