using Marketplace.Gateway.Security;
using Marketplace.ServiceKit.Http;
using Scalar.AspNetCore;

namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// <c>GET /openapi/v1.json</c> (the merged document) and <c>/docs</c> (Scalar, its script served from this
/// gateway, no CDN, no telemetry, a per-response nonce for the CSP), both anonymous.
/// </summary>
public static class ApiDocsEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapGet(DocumentPath, async (ApiDocument document, HttpContext http, CancellationToken ct) =>
        {
            var json = await document.GetAsync(ct);
            if (json is null)
            {
                http.Response.Headers.RetryAfter = "5";
                return Problems.Problem(503, "Service unavailable", "The API description is being assembled from the services; retry shortly.");
            }
            return Results.Text(json, "application/json; charset=utf-8");
        }).AllowAnonymous().RequireRateLimiting(RateLimiting.PerClientPolicy).ExcludeFromDescription();

        app.MapScalarApiReference("/docs", options =>
        {
            options.WithTitle("Support Platform Pledge Marketplace API")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools();
            options.DefaultOpenAllTags = true;
            options.DynamicNonce = true;
        }).AllowAnonymous().RequireRateLimiting(RateLimiting.PerClientPolicy);
        return app;
    }
}
