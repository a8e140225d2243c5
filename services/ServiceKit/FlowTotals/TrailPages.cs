using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.Http;

namespace Marketplace.ServiceKit.FlowTotals;

/// <summary>
/// A list page with each item's money trail (committed, disbursed), read in one query per page, so JSON pages
/// and streamed CSV exports show the same totals without one lookup per item.
/// </summary>
public static class TrailPages
{
    public static ListResults.PageReader<(T Item, TrailTotals Trail)> WithTrails<T>(
        this IFlowTotals flows, ListResults.PageReader<T> read, Func<T, string> idOf) =>
        async (size, cursor, ct) =>
        {
            var page = await read(size, cursor, ct);
            var trails = await flows.SumAsync([.. page.Items.Select(idOf)], ct);
            return new Page<(T, TrailTotals)>(
                [.. page.Items.Select(item => (item, trails.GetValueOrDefault(idOf(item), TrailTotals.None)))], page.NextPageToken);
        };
}
