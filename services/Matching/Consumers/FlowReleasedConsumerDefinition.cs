namespace Marketplace.Matching.Consumers;

/// <summary>
/// Retry policy of <see cref="FlowReleasedConsumer"/>, on a queue named for matching so that another
/// service's consumer of <c>FlowReleased</c> never competes for the same messages.
/// </summary>
public sealed class FlowReleasedConsumerDefinition : ViewEventsConsumerDefinition<FlowReleasedConsumer>
{
    public FlowReleasedConsumerDefinition() => EndpointName = "matching-flow-released";
}
