namespace Marketplace.Matching.Consumers;

/// <summary>Retry policy of <see cref="NeedEventsConsumer"/>.</summary>
public sealed class NeedEventsConsumerDefinition : ViewEventsConsumerDefinition<NeedEventsConsumer>;
