using MassTransit;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.Needs.Contracts;

namespace Marketplace.Matching.Consumers;

/// <summary>
/// Keeps the need view current. Idempotent and order-insensitive: a snapshot is stored only when its
/// version is newer than the stored one, so duplicates and late arrivals change nothing.
/// </summary>
public sealed class NeedEventsConsumer(IMatchingStore store, MatchingScheduler scheduler) :
    IConsumer<NeedPublished>, IConsumer<NeedUpdated>, IConsumer<NeedWithdrawn>, IConsumer<NeedFundingChanged>,
    IConsumer<NeedReferred>, IConsumer<NeedReferralLifted>
{
    public Task Consume(ConsumeContext<NeedPublished> context) => ApplyAsync(context.Message.Need, context.CancellationToken);

    public Task Consume(ConsumeContext<NeedUpdated> context) => ApplyAsync(context.Message.Need, context.CancellationToken);

    public Task Consume(ConsumeContext<NeedWithdrawn> context) => ApplyAsync(context.Message.Need, context.CancellationToken);

    public Task Consume(ConsumeContext<NeedFundingChanged> context) => ApplyAsync(context.Message.Need, context.CancellationToken);

    public Task Consume(ConsumeContext<NeedReferred> context) => ApplyAsync(context.Message.Need, context.CancellationToken);

    public Task Consume(ConsumeContext<NeedReferralLifted> context) => ApplyAsync(context.Message.Need, context.CancellationToken);

    private async Task ApplyAsync(NeedSnapshot need, CancellationToken ct)
    {
        if (await store.UpsertNeedAsync(ViewMapper.From(need), ct)) scheduler.RequestRound();
    }
}
