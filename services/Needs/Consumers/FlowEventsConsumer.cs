using MassTransit;
using Marketplace.Contracts;
using Marketplace.Flows.Contracts;
using Marketplace.ServiceKit.FlowTotals;

namespace Marketplace.Needs.Consumers;

/// <summary>
/// Keeps what each need's flows committed and disbursed (need currency, converted on totals by the flows
/// service). A cancelled flow's commitment stands only for what it disbursed. Idempotent and
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
        var committed = flow.Status == "cancelled" ? flow.NeedDisbursed : flow.NeedCommitted;
        return totals.UpsertAsync(flow.Id, flow.NeedId, Money.FromDecimal(committed, flow.NeedCurrency).Minor,
            Money.FromDecimal(flow.NeedDisbursed, flow.NeedCurrency).Minor, flow.Version, ct);
    }
}
