using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Marketplace.Needs.Consumers;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Grpc;
using Marketplace.Needs.Http;
using Marketplace.Needs.Options;
using Marketplace.Needs.Persistence;
using Marketplace.Needs.Referrals;
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
        builder.AddMarketplaceMessaging(bus =>
        {
            bus.AddConsumer<FlowEventsConsumer>(typeof(FlowEventsConsumerDefinition));
            bus.AddConsumer<MatchingEventsConsumer>(typeof(MatchingEventsConsumerDefinition));
        }, typeof(NeedPublished).Assembly);
        builder.AddMarketplaceStore<INeedStore, SqliteNeedStore, MongoNeedStore>("needs.db", SqliteNeedStore.Schema, SqliteNeedStore.AddedColumns);
        builder.Services.AddOptions<ReferralOptions>().BindConfiguration(ReferralOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new ReferralClock(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<NeedReferrals>();
        builder.Services.AddSingleton<ReferralJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReferralJob>());
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
        app.MapReferralClockControl();
        app.MapMarketplaceOpenApi();
        app.MapGrpcService<NeedsGrpcService>();
        return app;
    }
}
