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

        Assert.Empty(await outbox.ListPendingAsync(10, CancellationToken.None));
        Assert.Equal(1, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
        await outbox.ReleaseAsync([pending[1].Id], CancellationToken.None);
        Assert.Equal([pending[1].Id], (await outbox.ListPendingAsync(10, CancellationToken.None)).Select(m => m.Id));
    }

    [ContractFact]
    public async Task Paging_UnderConcurrentInserts_SeesEveryEarlierNeedOnceAndRepeatsNothing()
    {
        var (store, _) = await StoreAsync();
        var before = new List<string>();
        for (var i = 0; i < 40; i++) before.Add((await InsertAsync(store, Samples.Need(Now))).Id);

        var writing = 4;
        // Writers mint ids before they commit, and each commits its pair in the reverse order of minting, as two
        // requests racing on two replicas would: with the id as the cursor, the first-minted need of a pair could
        // commit below a cursor already handed out.
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var written = new List<string>();
            for (var i = 0; i < 30; i++)
            {
                var minted = new[] { Samples.Need(Now), Samples.Need(Now) };
                foreach (var need in minted.Reverse())
                {
                    await Task.Yield();
                    written.Add((await InsertAsync(store, need)).Id);
                }
            }
            Interlocked.Decrement(ref writing);
            return written;
        })).ToList();

        // Followers read the way an incremental consumer (a sync, an export that resumes) does: they follow the
        // cursor while writers write, and at the end of the list poll the same cursor again until the page fills
        // up. With the id as the cursor, a need whose id was minted before, but which committed after, a page the
        // follower already passed would never reach it.
        var followers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var seen = new List<string>();
            string? after = null;
            while (true)
            {
                var done = Volatile.Read(ref writing) == 0;
                var page = await store.ListAsync(new NeedFilter(null, null, null), 5, after, CancellationToken.None);
                if (page.NextPageToken is { } token && PageToken.TryDecode(token, out var position))
                {
                    seen.AddRange(page.Items.Select(n => n.Id));
                    after = position;
                }
                else if (done)
                {
                    seen.AddRange(page.Items.Select(n => n.Id));
                    return seen;
                }
            }
        })).ToList();

        var inserted = (await Task.WhenAll(writers)).SelectMany(w => w).ToList();
        var follows = await Task.WhenAll(followers);

        Assert.Equal(240, inserted.Count);
        var all = before.Concat(inserted).Order(StringComparer.Ordinal).ToList();
        foreach (var seen in follows)
        {
            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Equal(before, seen.Take(before.Count));
            Assert.Equal(all, seen.Order(StringComparer.Ordinal));
        }
    }

    [ContractFact]
    public async Task Outbox_LeasesWhatItLists_UntilPublishedReleasedOrExpired()
    {
        var (store, outbox) = await StoreAsync();
        for (var i = 0; i < 5; i++) await InsertAsync(store, Samples.Need(Now));

        var first = await outbox.ListPendingAsync(3, CancellationToken.None);
        var second = await outbox.ListPendingAsync(3, CancellationToken.None);

        Assert.Equal(3, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Empty(first.Select(m => m.Id).Intersect(second.Select(m => m.Id)));
        Assert.Empty(await outbox.ListPendingAsync(3, CancellationToken.None));

        // A failed publish hands its batch back at once, in order, instead of leaving it leased for a minute.
        await outbox.ReleaseAsync([.. first.Select(m => m.Id)], CancellationToken.None);
        Assert.Equal(first.Select(m => m.Id), (await outbox.ListPendingAsync(10, CancellationToken.None)).Select(m => m.Id));

        // A relay that died (no mark, no release): its claims expire and the entries are listed again.
        await outbox.MarkPublishedAsync([second[0].Id], Now, CancellationToken.None);
        Backend.Clock.Now += IOutboxStore.LeaseDuration + TimeSpan.FromSeconds(1);
        Assert.Equal(first.Concat(second.Skip(1)).Select(m => m.Id), (await outbox.ListPendingAsync(10, CancellationToken.None)).Select(m => m.Id));
        Assert.Equal(4, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
    }

    [ContractFact]
    public async Task Outbox_ListsInCommitOrder_EvenWithinOneMillisecond()
    {
        var (store, outbox) = await StoreAsync();
        var needs = new List<Need>();
        // The fixed clock stamps every entry with the same instant, and 60 v7 GUIDs minted in one millisecond
        // sort randomly: only an ordering key taken in the writing transaction gives this order.
        for (var i = 0; i < 60; i++) needs.Add(await InsertAsync(store, Samples.Need(Now)));

        var pending = await outbox.ListPendingAsync(100, CancellationToken.None);

        Assert.Equal(needs.Select(n => n.Id), pending.Select(m => System.Text.Json.JsonDocument.Parse(m.Payload).RootElement
            .GetProperty("need").GetProperty("id").GetString()));
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
        Assert.Equal((expected.At, expected.Actor, expected.ActorName, expected.Org, expected.EntityId),
            (trail[0].At, trail[0].Actor, trail[0].ActorName, trail[0].Org, trail[0].EntityId));
        Assert.Equal(expected.Details.ToJsonString(), trail[0].Details.ToJsonString());
        Assert.Equal(("person_chair1", "Ana Chair", "ES"), (trail[1].Actor, trail[1].ActorName, trail[1].Org));
        Assert.Equal("match_1", trail[1].Details["matchId"]!.GetValue<string>());
        Assert.Equal("10.00", trail[1].Details["funded"]!["amount"]!.GetValue<string>());
        Assert.Empty(await store.ListAuditAsync("need_other", CancellationToken.None));
    }
}
