using MassTransit;
using Marketplace.Contracts;
using Marketplace.Flows.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;

namespace Marketplace.Matching.Consumers;

/// <summary>
/// A cancelled flow gave the undisbursed remainder of an approved match back to its pledge and need: the
/// match stops holding it, and a round may propose that money again. Idempotent: recorded once per match.
/// </summary>
public sealed class FlowReleasedConsumer(IMatchingStore store, MatchingScheduler scheduler) : IConsumer<FlowReleased>
{
    public async Task Consume(ConsumeContext<FlowReleased> context)
    {
        var m = context.Message;
        await store.RecordReleaseAsync(new MatchRelease(m.Flow.MatchId, Money.FromDecimal(m.Released, m.Flow.Currency).Minor,
            Money.FromDecimal(m.NeedReleased, m.Flow.NeedCurrency).Minor), context.CancellationToken);
        scheduler.RequestRound();
    }
}
