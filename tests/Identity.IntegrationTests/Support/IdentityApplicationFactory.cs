using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Marketplace.Identity.IntegrationTests.Support;

/// <summary>The Identity service in memory, on its own data directory, in a chosen environment.</summary>
public sealed class IdentityApplicationFactory(
    string dataDirectory,
    string environment = "Development",
    IReadOnlyDictionary<string, string?>? settings = null,
    ILoggerProvider? logs = null) : WebApplicationFactory<Program>
{
    public const string Issuer = "http://identity.test/";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        if (logs is not null)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug).AddFilter(_ => true));
        }
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var values = new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = dataDirectory,
                ["Identity:Issuer"] = Issuer,
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }
            configuration.AddInMemoryCollection(values);
        });
    }
}
