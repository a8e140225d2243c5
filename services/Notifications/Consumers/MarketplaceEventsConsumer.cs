using MassTransit;
using Marketplace.Flows.Contracts;
using Marketplace.Matching.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Notifications.People;
using Marketplace.Notifications.Planning;

namespace Marketplace.Notifications.Consumers;

/// <summary>
/// The events people and organisations' systems are told of. The message id (the publishing service's
/// outbox row id, the same on every redelivery) is the event id that makes handling idempotent.
/// </summary>
public sealed class MarketplaceEventsConsumer(EventProcessor processor, IPeopleDirectory people) :
    IConsumer<MatchProposed>, IConsumer<MatchApproved>, IConsumer<MatchRejected>, IConsumer<NeedReferred>,
    IConsumer<FlowCreated>, IConsumer<DisbursementRecorded>
{
    public async Task Consume(ConsumeContext<MatchProposed> context) =>
        await processor.HandleAsync(EventTranslator.Proposed(EventId(context), context.Message,
            await people.ChairOrgAsync(context.CancellationToken)), context.CancellationToken);

    public Task Consume(ConsumeContext<MatchApproved> context) =>
        processor.HandleAsync(EventTranslator.Approved(EventId(context), context.Message), context.CancellationToken);

    public Task Consume(ConsumeContext<MatchRejected> context) =>
        processor.HandleAsync(EventTranslator.Rejected(EventId(context), context.Message), context.CancellationToken);

    public Task Consume(ConsumeContext<NeedReferred> context) =>
        processor.HandleAsync(EventTranslator.Referred(EventId(context), context.Message), context.CancellationToken);

    public Task Consume(ConsumeContext<FlowCreated> context) =>
        processor.HandleAsync(EventTranslator.FlowOpened(EventId(context), context.Message), context.CancellationToken);

    public Task Consume(ConsumeContext<DisbursementRecorded> context) =>
        processor.HandleAsync(EventTranslator.Disbursed(EventId(context), context.Message), context.CancellationToken);

    private static string EventId(ConsumeContext context) =>
        (context.MessageId ?? throw new InvalidOperationException("A marketplace event without a message id cannot be handled idempotently.")).ToString("N");
}
