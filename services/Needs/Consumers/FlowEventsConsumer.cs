using Marketplace.Flows.Contracts;
using Marketplace.ServiceKit.FlowTotals;

namespace Marketplace.Needs.Consumers;

/// <summary>The money trail of each need: its flows' totals in the need's currency (converted on totals by the flows service).</summary>
public sealed class FlowEventsConsumer(IFlowTotals totals) : FlowTrailConsumer(totals)
{
    protected override (string EntityId, decimal Committed, decimal Disbursed, string Currency) SideOf(FlowSnapshot flow) =>
        (flow.NeedId, flow.NeedCommitted, flow.NeedDisbursed, flow.NeedCurrency);
}
