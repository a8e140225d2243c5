using Marketplace.Identity.Options;
using Marketplace.Identity.Persistence;
using Marketplace.Identity.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity.Clients;

/// <summary>
/// Makes the client store match configuration before the server takes requests: configured clients are
/// upserted (secrets hashed), demo clients only in Development or when seeding is switched on, and any
/// other stored client is removed so that a data directory once used for a demo cannot leak demo access.
/// </summary>
public sealed partial class ClientSynchronizer(
    IClientStore store,
    IOptions<IdentityOptions> options,
    IHostEnvironment environment,
    ILogger<ClientSynchronizer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seedDemo = environment.IsDevelopment() || options.Value.SeedDemoClients;
        IEnumerable<ClientOptions> demo = seedDemo ? DemoClients.All : [];
        // Configured clients win over a demo client of the same id.
        var clients = options.Value.Clients
            .Concat(demo.Where(d => options.Value.Clients.All(c => c.ClientId != d.ClientId)))
            .ToList();

        foreach (var client in clients)
        {
            if (ClientRoles.Validate(client.Role, client.Org) is { } error)
            {
                throw new InvalidOperationException($"Client '{client.ClientId}': {error}");
            }
            var hash = ClientSecretHasher.Hash(client.Secret);
            await store.UpsertAsync(new RegisteredClient(client.ClientId, hash, client.Role, client.Org), cancellationToken);
        }

        var removed = await store.DeleteAllExceptAsync([.. clients.Select(c => c.ClientId)], cancellationToken);

        LogSynchronized(clients.Count, seedDemo, removed);
        if (seedDemo)
        {
            LogDemoClients();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Client store synchronized: {Count} clients (demo clients: {DemoSeeded}), {Removed} stale clients removed")]
    private partial void LogSynchronized(int count, bool demoSeeded, int removed);

    [LoggerMessage(LogLevel.Warning, "Demo clients with the well-known demo secret are enabled: never do this outside development or a demo")]
    private partial void LogDemoClients();
}
