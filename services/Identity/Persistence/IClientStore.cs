using Marketplace.Identity.Clients;

namespace Marketplace.Identity.Persistence;

/// <summary>
/// Where registered clients live. Kept to what the token endpoint and the start-up sync need so that
/// another backend (MongoDB is planned) is a small class.
/// </summary>
public interface IClientStore
{
    Task<RegisteredClient?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken);

    Task UpsertAsync(RegisteredClient client, CancellationToken cancellationToken);

    /// <summary>Configuration is the source of truth: clients it no longer lists (e.g. demo ones) must stop working.</summary>
    Task<int> DeleteAllExceptAsync(IReadOnlyCollection<string> clientIds, CancellationToken cancellationToken);
}
