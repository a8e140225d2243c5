namespace Marketplace.ServiceKit.FlowTotals;

public static class FlowTotalsExtensions
{
    /// <summary>The totals of one entity (zero without flows).</summary>
    public static async Task<TrailTotals> OfAsync(this IFlowTotals totals, string entityId, CancellationToken ct) =>
        (await totals.SumAsync([entityId], ct)).GetValueOrDefault(entityId, TrailTotals.None);
}
