using Marketplace.Identity.Options;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity.Users;

/// <summary>The chair organisation from <c>Identity:ChairOrg</c>, until the organisations registry answers it.</summary>
public sealed class ConfiguredChairTermReader(IOptions<PeopleOptions> options) : IChairTermReader
{
    public Task<string?> CurrentChairOrgAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(options.Value.ChairOrg);
}
