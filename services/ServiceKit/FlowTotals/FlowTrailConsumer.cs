using Marketplace.Contracts;
using Marketplace.Flows.Contracts;
using MassTransit;

namespace Marketplace.ServiceKit.FlowTotals;

/// <summary>
/// Keeps what each entity's flows committed and disbursed, from every flow event. A cancelled flow's
/// commitment stands only for what it disbursed. Idempotent and order-insensitive: a flow's totals are kept
/// at its highest version. A service says which side of the flow it owns (<see cref="SideOf"/>).
/// </summary>
public abstract class FlowTrailConsumer(IFlowTotals totals) :
    IConsumer<FlowCreated>, IConsumer<FlowCommitted>, IConsumer<DisbursementRecorded>, IConsumer<FlowCancelled>, IConsumer<FlowReleased>
{
    public Task Consume(ConsumeContext<FlowCreated> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<FlowCommitted> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<DisbursementRecorded> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<FlowCancelled> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    public Task Consume(ConsumeContext<FlowReleased> context) => ApplyAsync(context.Message.Flow, context.CancellationToken);

    /// <summary>The entity this service keeps the trail of, and the flow's totals in that entity's currency.</summary>
    protected abstract (string EntityId, decimal Committed, decimal Disbursed, string Currency) SideOf(FlowSnapshot flow);

    private Task ApplyAsync(FlowSnapshot flow, CancellationToken ct)
    {
        var (entityId, committed, disbursed, currency) = SideOf(flow);
        var kept = flow.Status == "cancelled" ? disbursed : committed;
        return totals.UpsertAsync(flow.Id, entityId, Money.FromDecimal(kept, currency).Minor,
            Money.FromDecimal(disbursed, currency).Minor, flow.Version, ct);
    }
}
