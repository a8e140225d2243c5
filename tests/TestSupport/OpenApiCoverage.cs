using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.TestSupport;

/// <summary>
/// Checks a service's OpenAPI document against the endpoints it really serves (its route table), both
/// ways, and that every operation is complete: id, summary, a success response with a schema, security
/// and problem responses.
/// </summary>
public static class OpenApiCoverage
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static async Task<JsonObject> AssertDocumentsEveryEndpointAsync<TProgram>(WebApplicationFactory<TProgram> factory)
        where TProgram : class
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadObjectAsync();
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());

        var served = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normalise(e.RoutePattern.RawText!)}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(served);
        Assert.Equal(served, Operations(document).Select(o => o.Key).Order(StringComparer.Ordinal));
        foreach (var (key, operation) in Operations(document)) AssertComplete(key, operation);
        return document;
    }

    /// <summary>Every operation of a document as "METHOD /path".</summary>
    public static IEnumerable<KeyValuePair<string, JsonObject>> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(m => Methods.Contains(m.Key))
            .Select(m => KeyValuePair.Create($"{m.Key.ToUpperInvariant()} {Normalise(path.Key)}", m.Value!.AsObject())));

    public static void AssertComplete(string key, JsonObject operation)
    {
        Assert.False(string.IsNullOrEmpty(operation["operationId"]?.GetValue<string>()), $"{key} has no operationId");
        Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{key} has no summary");
        var responses = operation["responses"]!.AsObject();
        var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
        Assert.True(success.Count > 0, $"{key} documents no success response");
        Assert.All(success, s => Assert.NotNull((s.Value!["content"]?["application/json"] ?? s.Value!["content"]?["application/xml"]
            ?? s.Value!["content"]?["text/html"])?["schema"]));
        Assert.True(responses.ContainsKey("429"), $"{key} does not document 429");
        Assert.All(responses.Where(r => !r.Key.StartsWith('2')), r => Assert.NotNull(r.Value!["content"]?["application/problem+json"]));
        if (operation["security"] is JsonArray security)
        {
            Assert.True(responses.ContainsKey("401"), $"{key} is secured but does not document 401");
            var schemes = security.SelectMany(r => r!.AsObject().Select(s => s.Key)).ToHashSet();
            Assert.Equal(["authorizationCode", "clientCredentials"], schemes.Order());
        }
    }

    private static string Normalise(string path) => "/" + path.Trim('/');
}
