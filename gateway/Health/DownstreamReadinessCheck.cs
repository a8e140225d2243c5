using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace Marketplace.Gateway.Health;

/// <summary>
/// Ready only when every service the gateway routes to is ready: asks each cluster destination's
/// <c>/health/ready</c>, taking the destinations from the proxy configuration itself. The probe speaks the
/// cluster's own HTTP version, so an HTTP/2-only (gRPC) destination is probed over h2c, not HTTP/1.1.
/// </summary>
public sealed class DownstreamReadinessCheck(IProxyStateLookup proxy, IHttpClientFactory httpFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var http = httpFactory.CreateClient(nameof(DownstreamReadinessCheck));
        var probes = proxy.GetClusters()
            .SelectMany(c => c.Destinations.Values.Select(d => (Cluster: c.ClusterId, Address: d.Model.Config.Address, Request: c.Model.Config.HttpRequest)))
            .Select(async d =>
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(d.Address), "health/ready"));
                    if (d.Request?.Version is { } version) request.Version = version;
                    if (d.Request?.VersionPolicy is { } policy) request.VersionPolicy = policy;
                    using var response = await http.SendAsync(request, ct);
                    return (d.Cluster, Ready: response.IsSuccessStatusCode, Detail: ((int)response.StatusCode).ToString());
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    return (d.Cluster, Ready: false, Detail: ex.Message);
                }
            });
        var results = await Task.WhenAll(probes);
        var data = results.ToDictionary(r => r.Cluster, r => (object)(r.Ready ? "ready" : $"not ready ({r.Detail})"));
        return results.All(r => r.Ready)
            ? HealthCheckResult.Healthy("Every routed service is ready.", data)
            : HealthCheckResult.Unhealthy("Some routed services are not ready.", data: data);
    }
}
