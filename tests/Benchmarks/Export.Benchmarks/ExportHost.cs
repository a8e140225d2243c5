using Marketplace.ServiceKit.Outbox;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Export.Benchmarks;

/// <summary>
/// The needs service on Kestrel with its SQLite store, as in production, minus the outbox relay: the seeded
/// events stay in the outbox table instead of filling the test harness while the exports are measured.
/// </summary>
public sealed class ExportHost : ServiceFactory<Program>
{
    public ExportHost()
    {
        // Outside a test project WebApplicationFactory finds the host's content root (its appsettings.json,
        // copied beside this program) through this variable.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_NEEDS", AppContext.BaseDirectory);
        UseKestrel(0);
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        var relay = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxRelay));
        services.Remove(relay);
    }
}
