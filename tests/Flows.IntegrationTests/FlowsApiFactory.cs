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

    /// <summary>The identity service's answer to <c>GET /api/v1/organisations</c>, as the IATI export reads it.</summary>
    public Func<HttpResponseMessage> Organisations { get; set; } = () => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Releases.Needs);
        services.AddSingleton(Releases.Pledges);
        services.PostConfigure<Options.FlowsOptions>(o => o.ReleaseRetrySeconds = 1);
        services.PostConfigure<Options.FlowsOptions>(o => o.OrganisationsCacheSeconds = 0);
        services.AddHttpClient(Iati.OrganisationRegistry.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new IdentityStub(this));
    }

    private sealed class IdentityStub(FlowsApiFactory owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(owner.Organisations());
    }
}
