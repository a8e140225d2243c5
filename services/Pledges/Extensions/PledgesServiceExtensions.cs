using MassTransit;
using Marketplace.Pledges.Consumers;
using Marketplace.Pledges.Contracts;
using Marketplace.Pledges.Grpc;
using Marketplace.Pledges.Http;
using Marketplace.Pledges.Persistence;
using Marketplace.Pledges.Telemetry;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Messaging;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Pledges.Extensions;

public static class PledgesServiceExtensions
{
    public static WebApplicationBuilder AddPledgesServices(this WebApplicationBuilder builder)
    {
        builder.AddMarketplaceHttp();
        builder.AddMarketplaceOpenApi("Pledges");
        builder.AddMarketplaceSecurity();
        builder.AddMarketplaceMessaging(bus => bus.AddConsumer<FlowEventsConsumer>(typeof(FlowEventsConsumerDefinition)), typeof(PledgePosted).Assembly);
        builder.AddMarketplaceStore<IPledgeStore, SqlitePledgeStore, MongoPledgeStore>("pledges.db", SqlitePledgeStore.Schema);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<PledgesMetrics>();
        return builder;
    }

    public static WebApplication MapPledgesApi(this WebApplication app)
    {
        app.UseMarketplaceHttp();
        app.UseIdempotencyKeys();
        app.MapDefaultEndpoints();
        app.MapPledgesEndpoints();
        app.MapMarketplaceOpenApi();
        app.MapGrpcService<PledgesGrpcService>();
        return app;
    }
}
