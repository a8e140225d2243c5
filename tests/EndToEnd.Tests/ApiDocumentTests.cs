using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The gateway's merged OpenAPI document against the running system, both ways: every documented
/// operation is served through the gateway, and every route the services serve (their own documents,
/// generated from their route tables) and every /api/v1 route of the gateway is documented.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ApiDocumentTests(SystemFixture fixture)
{
    private readonly MarketplaceProcesses _system = fixture.System;

    [Fact]
    public async Task Document_IsAnonymousOpenApi31_WithBothSecuritySchemes_AndEveryOperationComplete()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.NotNull(schemes["clientCredentials"]!["flows"]!["clientCredentials"]!["tokenUrl"]);
        Assert.NotNull(schemes["authorizationCode"]!["flows"]!["authorizationCode"]!["authorizationUrl"]);
        var operations = OpenApiCoverage.Operations(document).ToList();
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations");
        foreach (var (key, operation) in operations) OpenApiCoverage.AssertComplete(key, operation);
        Assert.Null(operations.Single(o => o.Key == "GET /api/v1/reference").Value["security"]);
        Assert.Contains("text/csv", operations.Single(o => o.Key == "GET /api/v1/needs").Value["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key));
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            Assert.True(schema!["type"] is not null, $"schema {name} has no type");
        }
    }

    [Fact]
    public async Task EveryDocumentedOperation_IsServedThroughTheGateway()
    {
        var document = await DocumentAsync();
        using var http = await _system.ClientAsync("secretariat");

        foreach (var (key, _) in OpenApiCoverage.Operations(document))
        {
            var (method, path) = (key[..key.IndexOf(' ')], key[(key.IndexOf(' ') + 1)..]);
            var url = path.Replace("{currency}", "XXX").Replace("{id}", "need_unknown").TrimStart('/');
            if (path == "/api/v1/audit") url += "?entityId=need_unknown";
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = Json.Body("{}");
                request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            }

            using var response = await http.SendAsync(request);

            var body = await response.Content.ReadAsStringAsync();
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Assert.True(JsonNode.Parse(body)?["detail"] is not null, $"{key} is documented but not routed (404 without a resource): {body}");
            }
        }
    }

    [Fact]
    public async Task EveryRouteTheSystemServes_IsDocumented()
    {
        var documented = OpenApiCoverage.Operations(await DocumentAsync()).Select(o => o.Key).ToHashSet();
        using var direct = new HttpClient();

        foreach (var service in new[] { "needs", "pledges", "matching" })
        {
            var own = await (await direct.GetAsync($"http://127.0.0.1:{_system.PortOf(service)}/openapi/v1.json")).ReadObjectAsync();
            var served = OpenApiCoverage.Operations(own).Select(o => o.Key).ToList();
            Assert.NotEmpty(served);
            Assert.All(served, key => Assert.Contains(key, documented));
        }
        foreach (var route in GatewayApiRoutes())
        {
            Assert.True(documented.Any(key => Matches(route, key[(key.IndexOf(' ') + 1)..])), $"gateway route {route} has no documented operation");
        }
    }

    [Fact]
    public async Task Docs_AreServedAnonymously_WithTheirScriptFromTheGatewayUnderANonceCsp()
    {
        using var http = new HttpClient { BaseAddress = _system.Gateway };

        var page = await http.GetAsync("docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9_-]+';", csp);
        Assert.DoesNotMatch("script-src[^;]*unsafe", csp);
        var app = await http.GetAsync("");
        Assert.Contains("style-src 'self'; script-src 'self';", string.Join(";", app.Headers.GetValues("Content-Security-Policy")));
        Assert.DoesNotContain("https://", html.Replace("https://spec.openapis.org", ""));
        Assert.Contains("openapi/v1.json", html);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("docs/scalar.js")).StatusCode);
    }

    /// <summary>
    /// docs/api.md's reference part is the served document rendered as Markdown. After an API change run
    /// <c>UPDATE_API_REFERENCE=1 dotnet test tests/EndToEnd.Tests --filter ApiReference</c> to rewrite it.
    /// </summary>
    [Fact]
    public async Task ApiReference_InDocs_IsTheServedDocument()
    {
        var rendered = ApiReferenceMarkdown.Render(await DocumentAsync());
        var path = Path.Combine(RepositoryRoot().FullName, "docs", "api.md");
        var current = File.ReadAllText(path);
        var begin = current.IndexOf(ApiReferenceMarkdown.Begin, StringComparison.Ordinal);
        var end = current.IndexOf(ApiReferenceMarkdown.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "docs/api.md has lost its generated-section markers");
        var generated = current[begin..(end + ApiReferenceMarkdown.End.Length)] + "\n";

        if (generated != rendered && Environment.GetEnvironmentVariable("UPDATE_API_REFERENCE") == "1")
        {
            File.WriteAllText(path, current[..begin] + rendered + current[(end + ApiReferenceMarkdown.End.Length + 1)..]);
            return;
        }
        Assert.True(generated == rendered,
            "docs/api.md is out of date with /openapi/v1.json; run UPDATE_API_REFERENCE=1 dotnet test tests/EndToEnd.Tests --filter ApiReference");
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = _system.Gateway };
        var response = await http.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static DirectoryInfo RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Marketplace.slnx"))) root = root.Parent!;
        return root;
    }

    private static IEnumerable<string> GatewayApiRoutes()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot().FullName, "gateway", "appsettings.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        return settings["ReverseProxy"]!["Routes"]!.AsObject()
            .Select(r => r.Value!["Match"]!["Path"]!.GetValue<string>())
            .Where(p => p.StartsWith("/api/v1", StringComparison.Ordinal))
            .Distinct();
    }

    private static bool Matches(string route, string path)
    {
        var catchAll = route.IndexOf("/{**", StringComparison.Ordinal);
        return catchAll < 0 ? route == path : path == route[..catchAll] || path.StartsWith(route[..catchAll] + "/", StringComparison.Ordinal);
    }
}
