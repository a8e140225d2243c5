using Marketplace.Flows.Contracts;
using Marketplace.ServiceKit.FlowTotals;

namespace Marketplace.Pledges.Consumers;

/// <summary>The money trail of each pledge: its flows' totals in the pledge's currency (every amount of a flow is in it).</summary>
public sealed class FlowEventsConsumer(IFlowTotals totals) : FlowTrailConsumer(totals)
{
    protected override (string EntityId, decimal Committed, decimal Disbursed, string Currency) SideOf(FlowSnapshot flow) =>
        (flow.PledgeId, flow.Committed, flow.Disbursed, flow.Currency);
}
