using MassTransit;
using Marketplace.Contracts;
using Marketplace.Flows.Contracts;
using Marketplace.ServiceKit.FlowTotals;

namespace Marketplace.Pledges.Consumers;

/// <summary>
/// Keeps what each pledge's flows committed and disbursed (pledge currency: every amount of a flow is in
/// it). A cancelled flow's commitment stands only for what it disbursed. Idempotent and
/// order-insensitive: a flow's totals are kept at its highest version.
/// </summary>
public sealed class FlowEventsConsumer(IFlowTotals totals) :
    IConsumer<FlowCreated>, IConsumer<FlowCommitted>, IConsumer<DisbursementRecorded>, IConsumer<FlowCancelled>, IConsumer<FlowReleased>
{
    public Task Consume(ConsumeContext<FlowCreated> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<FlowCommitted> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<DisbursementRecorded> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<FlowCancelled> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<FlowReleased> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    private Task ApplyAsync(FlowSnapshot flow, CancellationToken ct)
    {
        var committed = flow.Status == "cancelled" ? flow.Disbursed : flow.Committed;
        return totals.UpsertAsync(flow.Id, flow.PledgeId, Money.FromDecimal(committed, flow.Currency).Minor,
            Money.FromDecimal(flow.Disbursed, flow.Currency).Minor, flow.Version, ct);
    }
}
