using Marketplace.Contracts;
using Marketplace.Flows.Contracts;
using Marketplace.Flows.Domain;
using Marketplace.Flows.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every <see cref="IFlowStore"/> must do, whatever the provider (plus its outbox and audit trail).</summary>
public abstract class FlowStoreContract : StoreContract
{
    private static readonly DateOnly Day = new(2026, 11, 2);

    private Flow NewFlow(string matchId, string country = "GT", string donor = "ES", string needId = "need_1") =>
        new(Ids.New("flow"), matchId, needId, "pledge_1", country, donor, new Money(100_000, "EUR"), new Money(108_500, "USD"), 1.0850000000m,
            null, [], null, Now, Now, 1);

    private static FlowChange Change(Flow flow, string action) =>
        new(flow, new FlowCreated(flow.ToSnapshot()), Samples.Audit(flow.UpdatedAt, flow.Id, action));

    [ContractFact]
    public async Task Insert_ThenGet_ReturnsTheSameFlow_AndASecondFlowOfTheSameMatchIsRefused()
    {
        var (store, outbox) = await Backend.CreateFlowsAsync();
        var flow = NewFlow("match_1");

        Assert.True(await store.InsertAsync(Change(flow, "flow.created"), CancellationToken.None));
        Assert.False(await store.InsertAsync(Change(NewFlow("match_1"), "flow.created"), CancellationToken.None));

        var stored = await store.GetAsync(flow.Id, CancellationToken.None);
        Assert.Equivalent(flow, stored, strict: true);
        Assert.Equal(flow.Id, (await store.GetByMatchAsync("match_1", CancellationToken.None))!.Id);
        Assert.Null(await store.GetAsync("flow_missing", CancellationToken.None));
        Assert.Equal(1, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
        Assert.Single(await store.ListAuditAsync(flow.Id, CancellationToken.None));
    }

    [ContractFact]
    public async Task Insert_TheSameMatchConcurrently_StoresOneFlow()
    {
        var (store, outbox) = await Backend.CreateFlowsAsync();

        var inserted = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => store.InsertAsync(Change(NewFlow("match_1"), "flow.created"), CancellationToken.None))));

        Assert.Single(inserted, x => x);
        Assert.Single((await store.ListAsync(new FlowFilter(null, null, null, null, null), 50, null, CancellationToken.None)).Items);
        Assert.Equal(1, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
    }

    [ContractFact]
    public async Task Replace_KeepsEveryPartOfTheTrail_AndAStaleVersionWritesNothing()
    {
        var (store, outbox) = await Backend.CreateFlowsAsync();
        var flow = NewFlow("match_1");
        await store.InsertAsync(Change(flow, "flow.created"), CancellationToken.None);
        var committed = FlowRules.Commit(flow, Day, "AGR-1", new Money(80_000, "EUR"), "donor-es", Now).Flow!;
        var disbursed = FlowRules.Disburse(committed, "disb_1", Day, new Money(30_000, "EUR"), "TX-1", "donor-es", Now).Flow!;
        var received = FlowRules.Receive(disbursed, "disb_1", "state-gt", Now)!.Flow!;
        var cancelled = FlowRules.Cancel(received, "stopped", "donor-es", "ES", Now).Flow!;

        Assert.True(await store.ReplaceAsync(Change(committed, "flow.committed"), 1, CancellationToken.None));
        Assert.True(await store.ReplaceAsync(Change(disbursed, "flow.disbursed"), 2, CancellationToken.None));
        Assert.False(await store.ReplaceAsync(Change(FlowRules.Disburse(committed, "disb_x", Day, new Money(1, "EUR"), "TX", "d", Now).Flow!,
            "flow.disbursed"), 2, CancellationToken.None));
        Assert.True(await store.ReplaceAsync(Change(received, "flow.receipt-confirmed"), 3, CancellationToken.None));
        Assert.True(await store.ReplaceAsync(Change(cancelled, "flow.cancelled"), 4, CancellationToken.None));

        var stored = await store.GetAsync(flow.Id, CancellationToken.None);
        Assert.Equivalent(cancelled, stored, strict: true);
        Assert.Equal(FlowStatus.Cancelled, stored!.Status);
        Assert.Equal(5, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
        Assert.Equal(["flow.created", "flow.committed", "flow.disbursed", "flow.receipt-confirmed", "flow.cancelled"],
            (await store.ListAuditAsync(flow.Id, CancellationToken.None)).Select(a => a.Action));
        Assert.Equal([flow.Id], (await store.ListReleasePendingAsync(10, CancellationToken.None)).Select(f => f.Id));

        var released = FlowRules.MarkReleased(stored, Now).Flow!;
        Assert.True(await store.ReplaceAsync(Change(released, "flow.released"), 5, CancellationToken.None));
        Assert.Empty(await store.ListReleasePendingAsync(10, CancellationToken.None));
    }

    [ContractFact]
    public async Task List_WithFilters_ReturnsMatchingFlowsInIdOrderAcrossPages()
    {
        var (store, _) = await Backend.CreateFlowsAsync();
        var gt = new List<Flow>();
        for (var i = 0; i < 5; i++)
        {
            var f = NewFlow($"match_{i}", donor: i % 2 == 0 ? "ES" : "FR", needId: $"need_{i}");
            await store.InsertAsync(Change(f, "flow.created"), CancellationToken.None);
            gt.Add(f);
        }
        var sv = NewFlow("match_sv", country: "SV");
        await store.InsertAsync(Change(sv, "flow.created"), CancellationToken.None);
        var committed = FlowRules.Commit(gt[0], Day, "AGR", null, "d", Now).Flow!;
        await store.ReplaceAsync(Change(committed, "flow.committed"), 1, CancellationToken.None);

        var first = await store.ListAsync(new FlowFilter("GT", null, null, null, null), 2, null, CancellationToken.None);
        PageToken.TryDecode(first.NextPageToken!, out var after);
        var second = await store.ListAsync(new FlowFilter("GT", null, null, null, null), 2, after, CancellationToken.None);
        PageToken.TryDecode(second.NextPageToken!, out var afterSecond);
        var third = await store.ListAsync(new FlowFilter("GT", null, null, null, null), 2, afterSecond, CancellationToken.None);

        Assert.Equal(gt.Select(f => f.Id).Order(StringComparer.Ordinal), first.Items.Concat(second.Items).Concat(third.Items).Select(f => f.Id));
        Assert.Null(third.NextPageToken);
        Assert.Equal(gt.Where((_, i) => i % 2 == 1).Select(f => f.Id),
            (await store.ListAsync(new FlowFilter(null, "FR", null, null, null), 50, null, CancellationToken.None)).Items.Select(f => f.Id));
        Assert.Equal([gt[0].Id],
            (await store.ListAsync(new FlowFilter(null, null, FlowStatus.Committed, null, null), 50, null, CancellationToken.None)).Items.Select(f => f.Id));
        Assert.Equal([gt[3].Id],
            (await store.ListAsync(new FlowFilter(null, null, null, "need_3", null), 50, null, CancellationToken.None)).Items.Select(f => f.Id));
        Assert.Equal(6, (await store.ListAsync(new FlowFilter(null, null, null, null, "pledge_1"), 50, null, CancellationToken.None)).Items.Count);
    }
}
