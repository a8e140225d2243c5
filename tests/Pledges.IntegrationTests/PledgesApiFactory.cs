using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Pledges.IntegrationTests;

/// <summary>The pledges service in memory.</summary>
public sealed class PledgesApiFactory : ServiceFactory<Program>
{
    protected override void ConfigureServices(IServiceCollection services) => services.UseStaticJwtConfiguration();
}
