using Marketplace.Notifications.Consumers;
using Marketplace.Notifications.Digest;
using Marketplace.Notifications.Http;
using Marketplace.Notifications.Mail;
using Marketplace.Notifications.Options;
using Marketplace.Notifications.People;
using Marketplace.Notifications.Persistence;
using Marketplace.Notifications.Planning;
using Marketplace.Notifications.Unsubscribe;
using Marketplace.Notifications.Webhooks;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Messaging;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Notifications.Extensions;

public static class NotificationsServiceExtensions
{
    public static WebApplicationBuilder AddNotificationsServices(this WebApplicationBuilder builder)
    {
        builder.AddMarketplaceHttp();
        builder.AddMarketplaceSecurity();
        builder.AddMarketplaceOpenApi("Notifications");
        builder.AddMarketplaceMessaging(bus => bus.AddConsumer<MarketplaceEventsConsumer>(typeof(MarketplaceEventsConsumerDefinition)));
        builder.AddMarketplaceStore<INotificationStore, SqliteNotificationStore, MongoNotificationStore>("notifications.db", SqliteNotificationStore.Schema);

        builder.Services.AddOptions<NotificationsOptions>().BindConfiguration(NotificationsOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddHttpClient(IdentityPeopleDirectory.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<IPeopleDirectory, IdentityPeopleDirectory>();
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddSingleton<MailWriter>();
        builder.Services.AddSingleton<NotificationSignals>();
        builder.Services.AddSingleton<NotificationPlanner>();
        builder.Services.AddSingleton<EventProcessor>();
        builder.Services.AddSingleton<DigestRunner>();

        // Outside Development, deliveries reach public addresses only (SSRF); the guard also makes every connection.
        var guard = new WebhookAddressGuard(allowPrivateNetworks: builder.Environment.IsDevelopment());
        builder.Services.AddSingleton(guard);
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
                AllowAutoRedirect = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });

        builder.Services.AddHostedService<MailSender>();
        builder.Services.AddHostedService<DigestJob>();
        builder.Services.AddHostedService<WebhookDispatcher>();
        return builder;
    }

    public static WebApplication MapNotificationsApi(this WebApplication app)
    {
        app.UseMarketplaceHttp();
        app.UseIdempotencyKeys();
        app.MapDefaultEndpoints();
        app.MapMarketplaceOpenApi();
        app.MapNotificationsEndpoints();
        app.MapUnsubscribeEndpoints();
        app.MapWebhooksEndpoints();
        return app;
    }
}
