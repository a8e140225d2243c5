using Marketplace.Flows.Consumers;
using Marketplace.Flows.Contracts;
using Marketplace.Flows.Http;
using Marketplace.Flows.Iati;
using Marketplace.Flows.Options;
using Marketplace.Flows.Persistence;
using Marketplace.Flows.Releases;
using Marketplace.Needs.Grpc.V1;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Messaging;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Flows.Extensions;

public static class FlowsServiceExtensions
{
    public static WebApplicationBuilder AddFlowsServices(this WebApplicationBuilder builder)
    {
        builder.AddMarketplaceHttp();
        builder.AddMarketplaceSecurity();
        builder.AddMarketplaceOpenApi("Flows");
        builder.AddMarketplaceMessaging(bus => bus.AddConsumer<MatchApprovedConsumer>(typeof(MatchApprovedConsumerDefinition)),
            typeof(FlowCreated).Assembly);
        builder.AddMarketplaceStore<IFlowStore, SqliteFlowStore, MongoFlowStore>("flows.db", SqliteFlowStore.Schema);

        builder.Services.AddOptions<FlowsOptions>().BindConfiguration(FlowsOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddGrpcClient<NeedsService.NeedsServiceClient>((sp, o) =>
                o.Address = new Uri(sp.GetRequiredService<IOptions<FlowsOptions>>().Value.NeedsGrpcUrl))
            .AddServiceToken();
        builder.Services.AddGrpcClient<PledgesService.PledgesServiceClient>((sp, o) =>
                o.Address = new Uri(sp.GetRequiredService<IOptions<FlowsOptions>>().Value.PledgesGrpcUrl))
            .AddServiceToken();
        builder.Services.AddSingleton<FlowReleaser>();
        builder.Services.AddHttpClient(OrganisationRegistry.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton<OrganisationRegistry>();
        builder.Services.AddScoped<IatiExport>();
        builder.Services.AddHostedService<ReleaseRecovery>();
        return builder;
    }

    public static WebApplication MapFlowsApi(this WebApplication app)
    {
        app.UseMarketplaceHttp();
        app.UseIdempotencyKeys();
        app.MapDefaultEndpoints();
        app.MapMarketplaceOpenApi();
        app.MapFlowsEndpoints();
        app.MapIatiExportEndpoints();
        return app;
    }
}
