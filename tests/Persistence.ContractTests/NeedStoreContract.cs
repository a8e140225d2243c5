using Marketplace.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Domain;
using Marketplace.Needs.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every <see cref="INeedStore"/> must do, whatever the provider (plus its outbox and audit trail).</summary>
public abstract class NeedStoreContract : StoreContract
{
    private async Task<(INeedStore Store, IOutboxStore Outbox)> StoreAsync() => await Backend.CreateNeedsAsync();

    private async Task<Need> InsertAsync(INeedStore store, Need need)
    {
        await store.InsertAsync(new NeedChange(need, new NeedPublished(need.ToSnapshot()), Samples.Audit(need.UpdatedAt, need.Id, "need.published")),
            CancellationToken.None);
        return need;
    }

    [ContractFact]
    public async Task Insert_ThenGet_ReturnsTheSameNeed()
    {
        var (store, _) = await StoreAsync();
        var need = await InsertAsync(store, Samples.Need(Now));

        var stored = await store.GetAsync(need.Id, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(need with { Fields = need.Fields with { Instruments = [] } }, stored with { Fields = stored.Fields with { Instruments = [] } });
        Assert.Equal(need.Fields.Instruments, stored.Fields.Instruments);
        Assert.Null(await store.GetAsync("need_missing", CancellationToken.None));
    }

    [ContractFact]
    public async Task List_WithFilters_ReturnsMatchingNeedsInIdOrderAcrossPages()
    {
        var (store, _) = await StoreAsync();
        var sv = new List<Need>();
        for (var i = 0; i < 5; i++) sv.Add(await InsertAsync(store, Samples.Need(Now, country: "SV", sector: i % 2 == 0 ? "health" : "water")));
        await InsertAsync(store, Samples.Need(Now, country: "GT"));
        await InsertAsync(store, Samples.Need(Now, country: "SV", withdrawn: true));

        var first = await store.ListAsync(new NeedFilter("SV", null, NeedStatus.Open), 2, null, CancellationToken.None);
        Assert.True(PageToken.TryDecode(first.NextPageToken!, out var after));
        var second = await store.ListAsync(new NeedFilter("SV", null, NeedStatus.Open), 2, after, CancellationToken.None);
        PageToken.TryDecode(second.NextPageToken!, out var afterSecond);
        var third = await store.ListAsync(new NeedFilter("SV", null, NeedStatus.Open), 2, afterSecond, CancellationToken.None);

        Assert.Equal(sv.Select(n => n.Id).Order(StringComparer.Ordinal), first.Items.Concat(second.Items).Concat(third.Items).Select(n => n.Id));
        Assert.Null(third.NextPageToken);
        var water = await store.ListAsync(new NeedFilter(null, "water", null), 50, null, CancellationToken.None);
        Assert.Equal(sv.Where((_, i) => i % 2 == 1).Select(n => n.Id).Order(StringComparer.Ordinal), water.Items.Select(n => n.Id));
        var withdrawn = await store.ListAsync(new NeedFilter(null, null, NeedStatus.Withdrawn), 50, null, CancellationToken.None);
        Assert.Single(withdrawn.Items);
    }

    [ContractFact]
    public async Task Replace_WithStaleVersion_IsRefusedAndWritesNothing()
    {
        var (store, _) = await StoreAsync();
        var need = await InsertAsync(store, Samples.Need(Now));
        var edited = need with { Fields = need.Fields with { Title = "Edited" }, Version = 2 };
        var stale = need with { Fields = need.Fields with { Title = "Lost update" }, Version = 2 };

        Assert.True(await store.ReplaceAsync(new NeedChange(edited, new NeedUpdated(edited.ToSnapshot()), Samples.Audit(Now, need.Id, "need.updated")), 1, CancellationToken.None));
        Assert.False(await store.ReplaceAsync(new NeedChange(stale, new NeedUpdated(stale.ToSnapshot()), Samples.Audit(Now, need.Id, "need.updated")), 1, CancellationToken.None));

        var stored = await store.GetAsync(need.Id, CancellationToken.None);
        Assert.Equal("Edited", stored!.Fields.Title);
        Assert.Equal(2, stored.Version);
        Assert.Equal(["need.published", "need.updated"], (await store.ListAuditAsync(need.Id, CancellationToken.None)).Select(a => a.Action));
    }

    [ContractFact]
    public async Task CommitFunding_AppliesOnceAndRefusesWhatDoesNotFit()
    {
        var (store, _) = await StoreAsync();
        var need = await InsertAsync(store, Samples.Need(Now, amountMinor: 10_000));
        var withdrawn = await InsertAsync(store, Samples.Need(Now, withdrawn: true));
        var usd = (long minor) => new Money(minor, "USD");

        Assert.Equal(CommitmentResult.Applied, await store.CommitFundingAsync("match_1", need.Id, usd(6_000), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.AlreadyApplied, await store.CommitFundingAsync("match_1", need.Id, usd(6_000), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.WouldExceed, await store.CommitFundingAsync("match_2", need.Id, usd(4_001), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.CurrencyMismatch, await store.CommitFundingAsync("match_3", need.Id, new Money(1, "EUR"), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.NotFound, await store.CommitFundingAsync("match_4", "need_missing", usd(1), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.Withdrawn, await store.CommitFundingAsync("match_5", withdrawn.Id, usd(1), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.Applied, await store.CommitFundingAsync("match_6", need.Id, usd(4_000), Samples.Chair, CancellationToken.None));

        var stored = await store.GetAsync(need.Id, CancellationToken.None);
        Assert.Equal(10_000, stored!.FundedMinor);
        Assert.Equal(NeedStatus.Funded, stored.Status);
        Assert.Equal(3, stored.Version);
        Assert.Equal(NeedStatus.Funded, (await store.ListAsync(new NeedFilter(null, null, NeedStatus.Funded), 10, null, CancellationToken.None)).Items.Single().Status);
    }

    [ContractFact]
    public async Task ReleaseFunding_GivesTheAmountBackOnceAndATombstoneRefusesALateCommit()
    {
        var (store, _) = await StoreAsync();
        var need = await InsertAsync(store, Samples.Need(Now, amountMinor: 10_000));

        await store.CommitFundingAsync("match_1", need.Id, new Money(3_000, "USD"), Samples.Chair, CancellationToken.None);
        Assert.Equal(CommitmentResult.Released, await store.ReleaseFundingAsync("match_1", need.Id, null, Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.Released, await store.ReleaseFundingAsync("match_1", need.Id, null, Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.RefusedAfterRelease,
            await store.CommitFundingAsync("match_1", need.Id, new Money(3_000, "USD"), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.Released, await store.ReleaseFundingAsync("match_2", need.Id, null, Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.RefusedAfterRelease,
            await store.CommitFundingAsync("match_2", need.Id, new Money(1_000, "USD"), Samples.Chair, CancellationToken.None));

        var stored = await store.GetAsync(need.Id, CancellationToken.None);
        Assert.Equal(0, stored!.FundedMinor);
        Assert.Equal(NeedStatus.Open, stored.Status);
        Assert.Equal(3, stored.Version);
        Assert.Equal(["need.published", "need.funding-committed", "need.funding-released"],
            (await store.ListAuditAsync(need.Id, CancellationToken.None)).Select(a => a.Action));
    }

    [ContractFact]
    public async Task ReleaseFunding_KeepingThePartAlreadyDisbursed_ReleasesExactlyTheRestOnce()
    {
        var (store, _) = await StoreAsync();
        var need = await InsertAsync(store, Samples.Need(Now, amountMinor: 10_000));
        await store.CommitFundingAsync("match_1", need.Id, new Money(6_000, "USD"), Samples.Chair, CancellationToken.None);
        await store.CommitFundingAsync("match_2", need.Id, new Money(1_000, "USD"), Samples.Chair, CancellationToken.None);

        Assert.Equal(CommitmentResult.KeepExceedsCommitment,
            await store.ReleaseFundingAsync("match_1", need.Id, new Money(6_001, "USD"), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.Released,
            await store.ReleaseFundingAsync("match_1", need.Id, new Money(2_500, "USD"), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.Released, await store.ReleaseFundingAsync("match_1", need.Id, null, Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.RefusedAfterRelease,
            await store.CommitFundingAsync("match_1", need.Id, new Money(6_000, "USD"), Samples.Chair, CancellationToken.None));

        var stored = await store.GetAsync(need.Id, CancellationToken.None);
        Assert.Equal(2_500 + 1_000, stored!.FundedMinor);
        Assert.Equal(NeedStatus.PartiallyFunded, stored.Status);
    }

    [ContractFact]
    public async Task CommitFunding_FiftyConcurrentCommits_NeverExceedTheAmount()
    {
        var (store, _) = await StoreAsync();
        var need = await InsertAsync(store, Samples.Need(Now, amountMinor: 1_000));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            store.CommitFundingAsync($"match_{i}", need.Id, new Money(30, "USD"), Samples.Chair, CancellationToken.None))));

        var stored = await store.GetAsync(need.Id, CancellationToken.None);
        Assert.Equal(33, results.Count(r => r == CommitmentResult.Applied));
        Assert.All(results, r => Assert.Contains(r, new[] { CommitmentResult.Applied, CommitmentResult.WouldExceed }));
        Assert.Equal(990, stored!.FundedMinor);
        Assert.Equal(34, stored.Version);
    }

    [ContractFact]
    public async Task Write_QueuesItsEventUntilMarkedPublished()
    {
        var (store, outbox) = await StoreAsync();
        var need = await InsertAsync(store, Samples.Need(Now));
        await store.CommitFundingAsync("match_1", need.Id, new Money(1_000, "USD"), Samples.Chair, CancellationToken.None);

        var pending = await outbox.ListPendingAsync(10, CancellationToken.None);
        Assert.Equal([typeof(NeedPublished).FullName, typeof(NeedFundingChanged).FullName], pending.Select(m => m.MessageType));
        Assert.Contains(need.Id, pending[0].Payload);
        Assert.Equal(Now, pending[0].CreatedAt);
        Assert.Equal((2, Now), await outbox.GetBacklogAsync(CancellationToken.None));

        await outbox.MarkPublishedAsync([pending[0].Id], Now, CancellationToken.None);

        Assert.Equal([pending[1].Id], (await outbox.ListPendingAsync(10, CancellationToken.None)).Select(m => m.Id));
        Assert.Equal(1, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
    }

    [ContractFact]
    public async Task Audit_KeepsEveryEntryWithItsDetailsInWrittenOrder()
    {
        var (store, _) = await StoreAsync();
        var need = await InsertAsync(store, Samples.Need(Now));
        await store.CommitFundingAsync("match_1", need.Id, new Money(1_000, "USD"), Samples.Chair, CancellationToken.None);

        var trail = await store.ListAuditAsync(need.Id, CancellationToken.None);

        Assert.Equal(2, trail.Count);
        var expected = Samples.Audit(Now, need.Id, "need.published");
        Assert.Equal((expected.At, expected.Actor, expected.Org, expected.EntityId), (trail[0].At, trail[0].Actor, trail[0].Org, trail[0].EntityId));
        Assert.Equal(expected.Details.ToJsonString(), trail[0].Details.ToJsonString());
        Assert.Equal("chair-1", trail[1].Actor);
        Assert.Equal("match_1", trail[1].Details["matchId"]!.GetValue<string>());
        Assert.Equal("10.00", trail[1].Details["funded"]!["amount"]!.GetValue<string>());
        Assert.Empty(await store.ListAuditAsync("need_other", CancellationToken.None));
    }
}
