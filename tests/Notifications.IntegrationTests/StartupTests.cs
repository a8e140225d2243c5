using Marketplace.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Marketplace.Notifications.IntegrationTests;

/// <summary>The service starts in Development too, where the container validates every registration at build time.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Service_StartsInDevelopment_WithEveryRegistrationResolvable()
    {
        using var data = new TemporaryDirectory();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = data.Path,
                ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{LoopbackPorts.Next()}",
                ["Kestrel:Endpoints:Metrics:Url"] = $"http://127.0.0.1:{LoopbackPorts.Next()}",
            }));
        });

        var live = await factory.CreateClient().GetAsync("/health/live");

        Assert.True(live.IsSuccessStatusCode);
    }
}
