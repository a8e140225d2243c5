using Marketplace.Notifications.People;
using Marketplace.Notifications.Webhooks;
using Marketplace.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Notifications.IntegrationTests;

/// <summary>
/// The notifications service in memory: events through the MassTransit test harness, people from
/// <see cref="FakePeople"/>, e-mail to a real smtp4dev. Webhooks may reach loopback receivers unless
/// <see cref="AllowPrivateNetworks"/> is off (the production rule outside Development). A shared
/// <see cref="DataDirectory"/> lets a second instance continue where a stopped one left off.
/// </summary>
public sealed class NotificationsFactory(int smtpPort, FakePeople people, string? dataDirectory = null, TimeProvider? clock = null,
    bool allowPrivateNetworks = true, IReadOnlyDictionary<string, string?>? settings = null) : ServiceFactory<Program>
{
    public const string UnsubscribeKey = "integration-test-unsubscribe-key-0123456789abcdef";

    public FakePeople People { get; } = people;

    public bool AllowPrivateNetworks { get; } = allowPrivateNetworks;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var values = new Dictionary<string, string?>
        {
            ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:UnsubscribeKey"] = UnsubscribeKey,
            ["Notifications:PublicOrigin"] = "http://localhost:8080/",
            ["Notifications:FirstRetryDelaySeconds"] = "1",
            ["Notifications:MaxRetryDelaySeconds"] = "1",
            ["Notifications:WebhookTimeoutSeconds"] = "2",
        };
        if (dataDirectory is not null) values["Storage:DataDirectory"] = dataDirectory;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(values));
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IPeopleDirectory>();
        services.AddSingleton<IPeopleDirectory>(People);
        services.RemoveAll<WebhookAddressGuard>();
        services.AddSingleton(new WebhookAddressGuard(AllowPrivateNetworks));
        if (clock is not null)
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        }
    }

    public HttpClient ClientFor(Recipient person) => ClientAs(person.Role, person.Org, person.Id);

    public HttpClient ClientAs(string role, string org, string subject)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.Create(role, org, subject));
        return client;
    }
}
