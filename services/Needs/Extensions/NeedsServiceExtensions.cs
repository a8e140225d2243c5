using Marketplace.Needs.Contracts;
using Marketplace.ServiceDefaults;
using Marketplace.Needs.Grpc;
using Marketplace.Needs.Http;
using Marketplace.Needs.Persistence;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Messaging;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Needs.Extensions;

public static class NeedsServiceExtensions
{
    public static WebApplicationBuilder AddNeedsServices(this WebApplicationBuilder builder)
    {
        builder.AddMarketplaceHttp();
        builder.AddMarketplaceSecurity();
        builder.AddMarketplaceMessaging(configureConsumers: null, typeof(NeedPublished).Assembly);
        builder.Services.AddGrpc();

        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new SqliteDatabase(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, "needs.db", SqliteNeedStore.Schema));
        builder.Services.AddSingleton<INeedStore, SqliteNeedStore>();
        builder.Services.AddSingleton<IOutboxStore, SqliteOutbox>();
        builder.Services.AddHealthChecks().AddCheck<SqliteHealthCheck>("store", tags: [Marketplace.ServiceDefaults.Extensions.ReadyTag]);
        return builder;
    }

    public static WebApplication MapNeedsApi(this WebApplication app)
    {
        app.UseMarketplaceHttp();
        app.MapDefaultEndpoints();
        app.MapNeedsApi();
        app.MapGrpcService<NeedsGrpcService>();
        return app;
    }
}
