using Marketplace.Matching.Chair;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>The matching service in memory with the chair term under the test's control.</summary>
public sealed class DecisionsApiFactory : ServiceFactory<Program>
{
    public FakeChairTermSource ChairTerms { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IChairTermSource>(ChairTerms));
}
