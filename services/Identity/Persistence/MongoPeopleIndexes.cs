namespace Marketplace.Identity.Persistence;

/// <summary>Creates the people and sign-in indexes before the seeder runs: email uniqueness depends on them.</summary>
public sealed class MongoPeopleIndexes(MongoPersonStore people, MongoSignInStore signIns) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await people.EnsureIndexesAsync(cancellationToken);
        await signIns.EnsureIndexesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
