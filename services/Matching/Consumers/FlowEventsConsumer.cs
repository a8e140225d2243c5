using MassTransit;
using Marketplace.Contracts;
using Marketplace.Flows.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.ServiceKit.FlowTotals;

namespace Marketplace.Matching.Consumers;

/// <summary>
/// Follows the money trail of approved matches. Every flow event updates what the match's flow committed
/// and disbursed (need currency; a cancelled flow's commitment stands only for what it disbursed), kept at
/// the flow's highest version, for the summary. <see cref="FlowReleased"/> also records what a cancelled
/// flow gave back to the pledge and the need: the match stops holding it, and a round may propose that
/// money again. Idempotent and order-insensitive.
/// </summary>
public sealed class FlowEventsConsumer(IMatchingStore store, IFlowTotals totals, MatchingScheduler scheduler) :
    IConsumer<FlowCreated>, IConsumer<FlowCommitted>, IConsumer<DisbursementRecorded>, IConsumer<FlowCancelled>, IConsumer<FlowReleased>
{
    public Task Consume(ConsumeContext<FlowCreated> context) => TrackAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<FlowCommitted> context) => TrackAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<DisbursementRecorded> context) => TrackAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<FlowCancelled> context) => TrackAsync(context.Message.Flow, context.CancellationToken);

    public async Task Consume(ConsumeContext<FlowReleased> context)
    {
        var m = context.Message;
        await TrackAsync(m.Flow, context.CancellationToken);
        await store.RecordReleaseAsync(new MatchRelease(m.Flow.MatchId, Money.FromDecimal(m.Released, m.Flow.Currency).Minor,
            Money.FromDecimal(m.NeedReleased, m.Flow.NeedCurrency).Minor), context.CancellationToken);
        scheduler.RequestRound();
    }

    private Task TrackAsync(FlowSnapshot flow, CancellationToken ct)
    {
        var committed = flow.Status == "cancelled" ? flow.NeedDisbursed : flow.NeedCommitted;
        return totals.UpsertAsync(flow.Id, flow.MatchId, Money.FromDecimal(committed, flow.NeedCurrency).Minor,
            Money.FromDecimal(flow.NeedDisbursed, flow.NeedCurrency).Minor, flow.Version, ct);
    }
}
