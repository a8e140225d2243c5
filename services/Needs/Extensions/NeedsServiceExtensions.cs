using MassTransit;
using Marketplace.Needs.Consumers;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Grpc;
using Marketplace.Needs.Http;
using Marketplace.Needs.Persistence;
using Marketplace.Needs.Telemetry;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Messaging;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Needs.Extensions;

public static class NeedsServiceExtensions
{
    public static WebApplicationBuilder AddNeedsServices(this WebApplicationBuilder builder)
    {
        builder.AddMarketplaceHttp();
        builder.AddMarketplaceOpenApi("Needs");
        builder.AddMarketplaceSecurity();
        builder.AddMarketplaceMessaging(bus => bus.AddConsumer<FlowEventsConsumer>(typeof(FlowEventsConsumerDefinition)), typeof(NeedPublished).Assembly);
        builder.AddMarketplaceStore<INeedStore, SqliteNeedStore, MongoNeedStore>("needs.db", SqliteNeedStore.Schema);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<NeedsMetrics>();
        return builder;
    }

    public static WebApplication MapNeedsApi(this WebApplication app)
    {
        app.UseMarketplaceHttp();
        app.UseIdempotencyKeys();
        app.MapDefaultEndpoints();
        app.MapNeedsEndpoints();
        app.MapMarketplaceOpenApi();
        app.MapGrpcService<NeedsGrpcService>();
        return app;
    }
}
