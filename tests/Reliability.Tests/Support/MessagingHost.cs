using MassTransit;
using Marketplace.ServiceKit.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Reliability.Tests.Support;

/// <summary>A host with nothing but a service's messaging (<c>AddMarketplaceMessaging</c>) on the given settings.</summary>
public static class MessagingHost
{
    public static IHost Create(Action<IBusRegistrationConfigurator>? consumers, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddMarketplaceMessaging(consumers);
        // Start returns once the bus is connected and its topology declared.
        builder.Services.Configure<MassTransitHostOptions>(o => (o.WaitUntilStarted, o.StartTimeout) = (true, TimeSpan.FromSeconds(60)));
        return builder.Build();
    }
}
