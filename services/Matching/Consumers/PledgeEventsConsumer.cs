using MassTransit;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.Pledges.Contracts;

namespace Marketplace.Matching.Consumers;

/// <summary>
/// Keeps the pledge view current. Idempotent and order-insensitive: a snapshot is stored only when its
/// version is newer than the stored one, so duplicates and late arrivals change nothing.
/// </summary>
public sealed class PledgeEventsConsumer(IMatchingStore store, MatchingScheduler scheduler) :
    IConsumer<PledgePosted>, IConsumer<PledgeUpdated>, IConsumer<PledgeWithdrawn>, IConsumer<PledgeAllocationChanged>
{
    public Task Consume(ConsumeContext<PledgePosted> context) => ApplyAsync(context.Message.Pledge, context.CancellationToken);

    public Task Consume(ConsumeContext<PledgeUpdated> context) => ApplyAsync(context.Message.Pledge, context.CancellationToken);

    public Task Consume(ConsumeContext<PledgeWithdrawn> context) => ApplyAsync(context.Message.Pledge, context.CancellationToken);

    public Task Consume(ConsumeContext<PledgeAllocationChanged> context) => ApplyAsync(context.Message.Pledge, context.CancellationToken);

    private async Task ApplyAsync(PledgeSnapshot pledge, CancellationToken ct)
    {
        if (await store.UpsertPledgeAsync(ViewMapper.From(pledge), ct)) scheduler.RequestRound();
    }
}
