using Marketplace.ServiceKit.Http;

namespace Marketplace.ServiceKit.FlowTotals;

public static class FlowTotalsExtensions
{
    /// <summary>The totals of one entity (zero without flows).</summary>
    public static async Task<TrailTotals> OfAsync(this IFlowTotals totals, string entityId, CancellationToken ct) =>
        (await totals.SumAsync([entityId], ct)).GetValueOrDefault(entityId, TrailTotals.None);

    /// <summary>A page of entities with their totals, read in one query for the whole page.</summary>
    public static async Task<Page<(T Item, TrailTotals Trail)>> WithTrailsAsync<T>(this IFlowTotals totals, Page<T> page, Func<T, string> idOf,
        CancellationToken ct)
    {
        var sums = await totals.SumAsync([.. page.Items.Select(idOf)], ct);
        return new Page<(T, TrailTotals)>([.. page.Items.Select(item => (item, sums.GetValueOrDefault(idOf(item), TrailTotals.None)))],
            page.NextPageToken);
    }
}
