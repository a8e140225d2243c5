namespace Marketplace.Matching.Consumers;

/// <summary>Retry policy of <see cref="PledgeEventsConsumer"/>.</summary>
public sealed class PledgeEventsConsumerDefinition : ViewEventsConsumerDefinition<PledgeEventsConsumer>;
