using Marketplace.Contracts;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.Pledges.Contracts;
using Marketplace.Pledges.Domain;
using Marketplace.Pledges.Persistence;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every <see cref="IPledgeStore"/> must do, whatever the provider.</summary>
public abstract class PledgeStoreContract : StoreContract
{
    private async Task<Pledge> InsertAsync(IPledgeStore store, Pledge pledge)
    {
        await store.InsertAsync(new PledgeChange(pledge, new PledgePosted(pledge.ToSnapshot()), Samples.Audit(pledge.UpdatedAt, pledge.Id, "pledge.posted")),
            CancellationToken.None);
        return pledge;
    }

    [ContractFact]
    public async Task Insert_ThenGet_ReturnsTheSamePledge()
    {
        var (store, _) = await Backend.CreatePledgesAsync();
        var pledge = await InsertAsync(store, Samples.Pledge(Now, countries: ["SV", "GT"], sectors: ["health"]));

        var stored = await store.GetAsync(pledge.Id, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(pledge.Fields.Countries, stored.Fields.Countries);
        Assert.Equal(pledge.Fields.Sectors, stored.Fields.Sectors);
        Assert.Equal(pledge.Fields with { Countries = [], Sectors = [] }, stored.Fields with { Countries = [], Sectors = [] });
        Assert.Equal((pledge.Id, pledge.Donor, pledge.AllocatedMinor, pledge.Withdrawn, pledge.CreatedAt, pledge.UpdatedAt, pledge.Version),
            (stored.Id, stored.Donor, stored.AllocatedMinor, stored.Withdrawn, stored.CreatedAt, stored.UpdatedAt, stored.Version));
    }

    [ContractFact]
    public async Task List_ByCountryOrSector_ReturnsPledgesEarmarkedForItOrNotEarmarked()
    {
        var (store, _) = await Backend.CreatePledgesAsync();
        var forSv = await InsertAsync(store, Samples.Pledge(Now, countries: ["SV", "HN"], sectors: ["water"]));
        var forGt = await InsertAsync(store, Samples.Pledge(Now, countries: ["GT"], sectors: ["health"]));
        var open = await InsertAsync(store, Samples.Pledge(Now, donor: "CA", instrument: "loan"));

        async Task<IEnumerable<string>> IdsAsync(PledgeFilter filter) =>
            (await store.ListAsync(filter, 50, null, CancellationToken.None)).Items.Select(p => p.Id);
        IEnumerable<string> Sorted(params Pledge[] pledges) => pledges.Select(p => p.Id).Order(StringComparer.Ordinal);

        Assert.Equal(Sorted(forSv, open), await IdsAsync(new PledgeFilter(null, "SV", null, null, null)));
        Assert.Equal(Sorted(forGt, open), await IdsAsync(new PledgeFilter(null, null, "health", null, null)));
        Assert.Equal(Sorted(open), await IdsAsync(new PledgeFilter(null, "GT", "water", null, null)));
        Assert.Equal(Sorted(open), await IdsAsync(new PledgeFilter("CA", null, null, "loan", PledgeStatus.Open)));
        Assert.Empty(await IdsAsync(new PledgeFilter("EU", null, null, "loan", null)));

        var first = await store.ListAsync(new PledgeFilter(null, null, null, null, null), 2, null, CancellationToken.None);
        PageToken.TryDecode(first.NextPageToken!, out var after);
        var second = await store.ListAsync(new PledgeFilter(null, null, null, null, null), 2, after, CancellationToken.None);
        Assert.Equal(Sorted(forSv, forGt, open), first.Items.Concat(second.Items).Select(p => p.Id));
        Assert.Null(second.NextPageToken);
    }

    [ContractFact]
    public async Task Replace_WithStaleVersion_IsRefused()
    {
        var (store, _) = await Backend.CreatePledgesAsync();
        var pledge = await InsertAsync(store, Samples.Pledge(Now));
        var withdrawn = pledge with { Withdrawn = true, Version = 2 };

        Assert.True(await store.ReplaceAsync(new PledgeChange(withdrawn, new PledgeWithdrawn(withdrawn.ToSnapshot()), Samples.Audit(Now, pledge.Id, "pledge.withdrawn")), 1, CancellationToken.None));
        Assert.False(await store.ReplaceAsync(new PledgeChange(withdrawn, new PledgeWithdrawn(withdrawn.ToSnapshot()), Samples.Audit(Now, pledge.Id, "pledge.withdrawn")), 1, CancellationToken.None));

        var stored = await store.GetAsync(pledge.Id, CancellationToken.None);
        Assert.Equal(PledgeStatus.Withdrawn, stored!.Status);
        Assert.Equal([pledge.Id], (await store.ListAsync(new PledgeFilter(null, null, null, null, PledgeStatus.Withdrawn), 10, null, CancellationToken.None)).Items.Select(p => p.Id));
        Assert.Equal(CommitmentResult.Withdrawn, await store.ReserveAllocationAsync("match_1", pledge.Id, new Money(1, "EUR"), Samples.Chair, CancellationToken.None));
    }

    [ContractFact]
    public async Task ReserveAllocation_IsIdempotentBoundedAndReleasable()
    {
        var (store, outbox) = await Backend.CreatePledgesAsync();
        var pledge = await InsertAsync(store, Samples.Pledge(Now, amountMinor: 5_000));
        var eur = (long minor) => new Money(minor, "EUR");

        Assert.Equal(CommitmentResult.Applied, await store.ReserveAllocationAsync("match_1", pledge.Id, eur(5_000), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.AlreadyApplied, await store.ReserveAllocationAsync("match_1", pledge.Id, eur(5_000), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.WouldExceed, await store.ReserveAllocationAsync("match_2", pledge.Id, eur(1), Samples.Chair, CancellationToken.None));
        Assert.Equal(PledgeStatus.FullyAllocated, (await store.GetAsync(pledge.Id, CancellationToken.None))!.Status);

        Assert.Equal(CommitmentResult.Released, await store.ReleaseAllocationAsync("match_1", pledge.Id, null, Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.RefusedAfterRelease, await store.ReserveAllocationAsync("match_1", pledge.Id, eur(5_000), Samples.Chair, CancellationToken.None));

        var stored = await store.GetAsync(pledge.Id, CancellationToken.None);
        Assert.Equal((0L, PledgeStatus.Open, 3L), (stored!.AllocatedMinor, stored.Status, stored.Version));
        Assert.Equal(3, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
        Assert.Equal(["pledge.posted", "pledge.allocation-committed", "pledge.allocation-released"],
            (await store.ListAuditAsync(pledge.Id, CancellationToken.None)).Select(a => a.Action));
    }

    [ContractFact]
    public async Task ReleaseAllocation_KeepingThePartAlreadyDisbursed_ReleasesExactlyTheRest()
    {
        var (store, _) = await Backend.CreatePledgesAsync();
        var pledge = await InsertAsync(store, Samples.Pledge(Now, amountMinor: 5_000));
        await store.ReserveAllocationAsync("match_1", pledge.Id, new Money(4_000, "EUR"), Samples.Chair, CancellationToken.None);

        Assert.Equal(CommitmentResult.Released,
            await store.ReleaseAllocationAsync("match_1", pledge.Id, new Money(1_500, "EUR"), Samples.Chair, CancellationToken.None));
        Assert.Equal(CommitmentResult.Released,
            await store.ReleaseAllocationAsync("match_1", pledge.Id, new Money(0, "EUR"), Samples.Chair, CancellationToken.None));

        var stored = await store.GetAsync(pledge.Id, CancellationToken.None);
        Assert.Equal((1_500L, PledgeStatus.PartiallyAllocated), (stored!.AllocatedMinor, stored.Status));
    }
}
