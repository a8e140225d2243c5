using Marketplace.ServiceKit.Persistence;

namespace Marketplace.Identity.Persistence;

/// <summary>
/// Creates the people and sign-in indexes before the seeder runs (email uniqueness depends on them), and
/// those of the ServiceKit stores identity uses (the idempotency keys' TTL index).
/// </summary>
public sealed class MongoPeopleIndexes(MongoPersonStore people, MongoSignInStore signIns, IEnumerable<IMongoStoreSetup> stores) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await people.EnsureIndexesAsync(cancellationToken);
        await signIns.EnsureIndexesAsync(cancellationToken);
        foreach (var store in stores)
        {
            await store.InitializeAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
