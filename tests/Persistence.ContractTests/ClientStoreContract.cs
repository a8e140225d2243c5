using Marketplace.Identity.Clients;
using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every Identity <c>IClientStore</c> must do, whatever the provider.</summary>
public abstract class ClientStoreContract : StoreContract
{
    [ContractFact]
    public async Task Upsert_ThenFind_ReturnsTheLatestClient()
    {
        var store = await Backend.CreateClientsAsync();
        Assert.Null(await store.FindByClientIdAsync("state-sv", CancellationToken.None));

        await store.UpsertAsync(new RegisteredClient("state-sv", "hash-1", "member_state", "SV"), CancellationToken.None);
        await store.UpsertAsync(new RegisteredClient("state-sv", "hash-2", "member_state", "SV"), CancellationToken.None);

        Assert.Equal(new RegisteredClient("state-sv", "hash-2", "member_state", "SV"), await store.FindByClientIdAsync("state-sv", CancellationToken.None));
    }

    [ContractFact]
    public async Task DeleteAllExcept_RemovesEveryUnlistedClient()
    {
        var store = await Backend.CreateClientsAsync();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await store.UpsertAsync(new RegisteredClient(id, "hash", "donor", "EU"), CancellationToken.None);
        }

        Assert.Equal(2, await store.DeleteAllExceptAsync(["b", "z"], CancellationToken.None));
        Assert.Equal(0, await store.DeleteAllExceptAsync(["b"], CancellationToken.None));

        Assert.Null(await store.FindByClientIdAsync("a", CancellationToken.None));
        Assert.NotNull(await store.FindByClientIdAsync("b", CancellationToken.None));
        Assert.Null(await store.FindByClientIdAsync("c", CancellationToken.None));
    }
}
