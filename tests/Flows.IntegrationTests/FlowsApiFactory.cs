using Marketplace.Needs.Grpc.V1;
using Marketplace.Pledges.Grpc.V1;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Flows.IntegrationTests;

/// <summary>
/// The flows service in memory: approvals delivered through the MassTransit test harness, the needs and
/// pledges services' release calls recorded by <see cref="RecordingReleases"/>, releases retried every second.
/// </summary>
public sealed class FlowsApiFactory : ServiceFactory<Program>
{
    public RecordingReleases Releases { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Releases.Needs);
        services.AddSingleton(Releases.Pledges);
        services.PostConfigure<Options.FlowsOptions>(o => o.ReleaseRetrySeconds = 1);
    }
}
