using Marketplace.Matching.Chair;
using Marketplace.Matching.Consumers;
using Marketplace.Matching.Decisions;
using Marketplace.Matching.Contracts;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Engine.Fund;
using Marketplace.Matching.Engine.Incremental;
using Marketplace.Matching.Grpc;
using Marketplace.Matching.Http;
using Marketplace.Matching.Options;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
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

namespace Marketplace.Matching.Extensions;

public static class MatchingServiceExtensions
{
    public static WebApplicationBuilder AddMatchingServices(this WebApplicationBuilder builder)
    {
        builder.AddMarketplaceHttp();
        builder.AddMarketplaceOpenApi("Matching");
        builder.AddMarketplaceSecurity();
        builder.AddMarketplaceMessaging(bus =>
        {
            bus.AddConsumer<NeedEventsConsumer>(typeof(NeedEventsConsumerDefinition));
            bus.AddConsumer<PledgeEventsConsumer>(typeof(PledgeEventsConsumerDefinition));
            bus.AddConsumer<FlowEventsConsumer>(typeof(FlowEventsConsumerDefinition));
        }, typeof(MatchApproved).Assembly);
        builder.AddMarketplaceStore<IMatchingStore, SqliteMatchingStore, MongoMatchingStore>("matching.db", SqliteMatchingSchema.Sql, SqliteMatchingSchema.AddedColumns);

        builder.Services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IMatchingEngine>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<MatchingOptions>>().Value;
            // The market is kept between rounds and each round settles only what changed; the exact engine
            // solves the first round, manual runs and whatever the incremental settlement cannot.
            return new IncrementalMatchingEngine(new PriorityWeights
            {
                Critical = o.CriticalWeight, High = o.HighWeight, Medium = o.MediumWeight, Low = o.LowWeight,
            });
        });
        // The MIRPS Fund's stage after the bilateral one: a small problem (referred needs), solved exactly from nothing each round.
        builder.Services.AddSingleton(sp => new LexicographicMatching(sp.GetRequiredService<IMatchingEngine>(),
            new MinCostFlowMatchingEngine(Weights(sp.GetRequiredService<IOptions<MatchingOptions>>().Value))));
        builder.Services.AddSingleton<ProposalActivityReport>();
        builder.Services.AddSingleton<MatchingMetrics>();
        builder.Services.AddSingleton<MatchingRoundRunner>();
        builder.Services.AddSingleton<MatchingScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MatchingScheduler>());

        builder.Services.AddGrpcClient<NeedsService.NeedsServiceClient>((sp, o) =>
                o.Address = new Uri(sp.GetRequiredService<IOptions<MatchingOptions>>().Value.NeedsGrpcUrl))
            .AddServiceToken();
        builder.Services.AddGrpcClient<PledgesService.PledgesServiceClient>((sp, o) =>
                o.Address = new Uri(sp.GetRequiredService<IOptions<MatchingOptions>>().Value.PledgesGrpcUrl))
            .AddServiceToken();
        builder.Services.AddHostedService<ViewRebuilder>();
        builder.Services.AddHttpClient(IdentityChairTermSource.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton<IChairTermSource, IdentityChairTermSource>();
        builder.Services.AddSingleton<MatchApprovals>();
        builder.Services.AddHostedService<ApprovalRecovery>();
        return builder;
    }

    private static PriorityWeights Weights(MatchingOptions o) => new()
    {
        Critical = o.CriticalWeight, High = o.HighWeight, Medium = o.MediumWeight, Low = o.LowWeight,
    };

    public static WebApplication MapMatchingApi(this WebApplication app)
    {
        app.UseMarketplaceHttp();
        app.UseIdempotencyKeys();
        app.MapDefaultEndpoints();
        app.MapMatchesEndpoints();
        app.MapDecisionsEndpoints();
        app.MapFxRatesEndpoints();
        app.MapSummaryEndpoints();
        app.MapFundEndpoints();
        app.MapMarketplaceOpenApi();
        return app;
    }
}
