using System.Text.Json.Nodes;
using Yarp.ReverseProxy;

namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// The public API document: every routed service's own OpenAPI document (<c>/openapi/v1.json</c> on its
/// port, generated from the endpoints it serves) merged into one. Services are taken from the proxy's
/// clusters; one without a document (404) has no public API operations. The merge is kept for a short
/// while, and is not served at all while a service cannot be asked (never a silently partial document).
/// </summary>
public sealed class ApiDocument(IProxyStateLookup proxy, IHttpClientFactory httpFactory, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Json, DateTimeOffset At)? _cached;

    /// <summary>The merged document, or null when a service could not be asked.</summary>
    public async Task<string?> GetAsync(CancellationToken ct)
    {
        if (_cached is { } fresh && clock.GetUtcNow() - fresh.At < Lifetime) return fresh.Json;
        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } again && clock.GetUtcNow() - again.At < Lifetime) return again.Json;
            var documents = await FetchAllAsync(ct);
            if (documents is null) return null;
            var json = ApiDocumentMerger.Merge(documents).ToJsonString();
            _cached = (json, clock.GetUtcNow());
            return json;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<JsonObject>?> FetchAllAsync(CancellationToken ct)
    {
        using var http = httpFactory.CreateClient(nameof(ApiDocument));
        var sources = proxy.GetClusters()
            .Select(c => (Cluster: c.ClusterId, Address: c.Destinations.Values.FirstOrDefault()?.Model.Config.Address))
            .Where(c => c.Address is not null)
            .OrderBy(c => c.Cluster, StringComparer.Ordinal)
            .ToList();
        var documents = new List<JsonObject>();
        foreach (var (_, address) in sources)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(new Uri(address!), "openapi/v1.json"), ct);
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound) continue;
                if (!response.IsSuccessStatusCode) return null;
                if (JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) is JsonObject document) documents.Add(document);
                else return null;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                return null;
            }
        }
        return documents;
    }
}
