using System.Text.Json.Nodes;
using Marketplace.Identity.Organisations.Domain;
using Marketplace.Identity.Organisations.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Audit;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every <see cref="IOrganisationStore"/> must do, whatever the provider.</summary>
public abstract class OrganisationStoreContract : StoreContract
{
    private AuditEntry Audit(string action, string entityId) =>
        new(Now, "person_sec", "Sofía Secretaria", "UNHCR-OAS", action, entityId, new JsonObject { ["note"] = "x" });

    [ContractFact]
    public async Task AddMissing_StoresTheCatalogueOnce_AndNeverOverwritesAStoredOrganisation()
    {
        var store = await Backend.CreateOrganisationsAsync();

        Assert.Equal(23, await store.AddMissingAsync(OrganisationCatalogue.All, CancellationToken.None));
        await store.SetIatiAsync("ES", new IatiIdentifier("ES-DIR3-E04585801", "10"), Audit("organisation.iati-set", "org_ES"), CancellationToken.None);
        var again = OrganisationCatalogue.All.Select(o => o with { NameEn = "changed" }).ToList();

        Assert.Equal(0, await store.AddMissingAsync(again, CancellationToken.None));
        var all = await store.ListAsync(CancellationToken.None);
        Assert.Equal(OrganisationCatalogue.All.Select(o => o.Code).Order(StringComparer.Ordinal), all.Select(o => o.Code));
        Assert.DoesNotContain(all, o => o.NameEn == "changed");
        Assert.Equal(new IatiIdentifier("ES-DIR3-E04585801", "10"), all.Single(o => o.Code == "ES").Iati);
        Assert.Equal(OrganisationCatalogue.All.Single(o => o.Code == "GT"), await store.GetAsync("GT", CancellationToken.None));
        Assert.Null(await store.GetAsync("XX", CancellationToken.None));
    }

    [ContractFact]
    public async Task SetIati_ChangesOneOrganisationWithItsAuditEntry_UnknownCodeChangesNothing()
    {
        var store = await Backend.CreateOrganisationsAsync();
        await store.AddMissingAsync(OrganisationCatalogue.All, CancellationToken.None);

        var changed = await store.SetIatiAsync("IDB", new IatiIdentifier("XM-DAC-909-1", "40"), Audit("organisation.iati-set", "org_IDB"), CancellationToken.None);
        var unknown = await store.SetIatiAsync("XX", new IatiIdentifier("XM-DAC-1", "10"), Audit("organisation.iati-set", "org_XX"), CancellationToken.None);

        Assert.Equal("XM-DAC-909-1", changed!.Iati.Ref);
        Assert.Equal("Inter-American Development Bank", changed.NameEn);
        Assert.Null(unknown);
        var trail = await store.ListAuditAsync("org_IDB", CancellationToken.None);
        var entry = Assert.Single(trail);
        Assert.Equal(("person_sec", "Sofía Secretaria", "UNHCR-OAS", "organisation.iati-set"), (entry.Actor, entry.ActorName, entry.Org, entry.Action));
        Assert.Empty(await store.ListAuditAsync("org_XX", CancellationToken.None));
    }

    [ContractFact]
    public async Task ChairTerm_IsNullUntilSet_ThenReplacedWithAnAuditEntryPerChange()
    {
        var store = await Backend.CreateOrganisationsAsync();

        Assert.Null(await store.GetChairTermAsync(CancellationToken.None));
        await store.SetChairTermAsync(new ChairTerm("CO", new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)), Audit("chair.term-set", "chair"), CancellationToken.None);
        await store.SetChairTermAsync(new ChairTerm("ES", new DateOnly(2026, 1, 1), null), Audit("chair.term-set", "chair"), CancellationToken.None);

        Assert.Equal(new ChairTerm("ES", new DateOnly(2026, 1, 1), null), await store.GetChairTermAsync(CancellationToken.None));
        Assert.Equal(2, (await store.ListAuditAsync("chair", CancellationToken.None)).Count);
    }

    [ContractFact]
    public async Task SetFirstChairTerm_OnlyWhenNoneWasEverSet()
    {
        var store = await Backend.CreateOrganisationsAsync();
        var first = new ChairTerm("ES", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

        Assert.True(await store.SetFirstChairTermAsync(first, Audit("chair.term-set", "chair"), CancellationToken.None));
        Assert.False(await store.SetFirstChairTermAsync(first with { Org = "CA" }, Audit("chair.term-set", "chair"), CancellationToken.None));

        Assert.Equal(first, await store.GetChairTermAsync(CancellationToken.None));
        Assert.Single(await store.ListAuditAsync("chair", CancellationToken.None));
    }
}
