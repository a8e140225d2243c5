using Marketplace.Identity.Organisations.Persistence;

namespace Marketplace.Identity.Users;

/// <summary>The organisation holding the chair term in force today, from the organisations registry.</summary>
public sealed class RegistryChairTermReader(IOrganisationStore store, TimeProvider clock) : IChairTermReader
{
    public async Task<string?> CurrentChairOrgAsync(CancellationToken cancellationToken) =>
        await store.GetChairTermAsync(cancellationToken) is { } term && term.IsActiveAt(clock.GetUtcNow()) ? term.Org : null;
}
