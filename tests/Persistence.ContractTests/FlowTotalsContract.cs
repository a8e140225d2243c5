using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.FlowTotals;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every <see cref="IFlowTotals"/> (the needs, pledges and matching services' money-trail view) must do.</summary>
public abstract class FlowTotalsContract : StoreContract
{
    [ContractFact]
    public async Task Upsert_KeepsTheHighestVersionOfEachFlow_AndSumsPerEntity()
    {
        var totals = await Backend.CreateFlowTotalsAsync();

        Assert.True(await totals.UpsertAsync("flow_1", "need_1", 80_000, 0, 2, CancellationToken.None));
        Assert.True(await totals.UpsertAsync("flow_1", "need_1", 80_000, 30_000, 3, CancellationToken.None));
        Assert.False(await totals.UpsertAsync("flow_1", "need_1", 80_000, 0, 2, CancellationToken.None));
        Assert.False(await totals.UpsertAsync("flow_1", "need_1", 1, 1, 3, CancellationToken.None));
        Assert.True(await totals.UpsertAsync("flow_2", "need_1", 5_000, 5_000, 4, CancellationToken.None));
        Assert.True(await totals.UpsertAsync("flow_3", "need_2", 700, 0, 2, CancellationToken.None));

        var some = await totals.SumAsync(["need_1", "need_missing"], CancellationToken.None);
        Assert.Equal(new TrailTotals(85_000, 35_000), some["need_1"]);
        Assert.False(some.ContainsKey("need_missing"));
        Assert.Empty(await totals.SumAsync([], CancellationToken.None));
        var all = await totals.SumAllAsync(CancellationToken.None);
        Assert.Equal(2, all.Count);
        Assert.Equal(new TrailTotals(700, 0), all["need_2"]);
        Assert.Equal(TrailTotals.None, await totals.OfAsync("need_missing", CancellationToken.None));
    }
}
