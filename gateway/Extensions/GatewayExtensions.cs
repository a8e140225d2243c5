using Marketplace.Gateway.Health;
using Marketplace.Gateway.OpenApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Marketplace.Gateway.Security;
using Marketplace.ServiceDefaults;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Gateway.Extensions;

public static class GatewayExtensions
{
    private static readonly PathString ApiPrefix = new("/api");

    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.AddMarketplaceHttp();
        // The 64 KiB rule is enforced on Content-Length before proxying (BodySizeLimit) and again by each
        // service; Kestrel's own cut-off sits higher so that a client still sending an oversized body can
        // read its 413 instead of seeing the connection reset.
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.AddMarketplaceSecurity();
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddPerClientRateLimiting();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddHttpClient(nameof(DownstreamReadinessCheck), c => c.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddHttpClient(nameof(ApiDocument), c => c.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ApiDocument>();
        builder.Services.AddHealthChecks().AddCheck<DownstreamReadinessCheck>("services", tags: [ServiceDefaults.Extensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// The web app's static files are served before routing and authorization (anonymous, API.md); every other
    /// path is a route (each naming its policy), a health endpoint, or 404 — never a 401 for a path nothing names.
    /// </summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseBodySizeLimit();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Only paths outside the API can be web app files: an API call never pays the file system lookup.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(ApiPrefix), web =>
        {
            web.UseDefaultFiles();
            web.UseStaticFiles();
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapDefaultEndpoints();
        app.MapApiDocs();
        // The web app finishes the OpenID Connect sign-in itself (code + PKCE) on its callback page, which is
        // anonymous like the rest of the web app (the deny-by-default fallback policy would answer 401).
        app.MapFallbackToFile("/signin-callback", "index.html").AllowAnonymous();
        app.MapReverseProxy();
        app.MapFallback("{*path}", () => Problems.NotFound("No resource at this path.")).AllowAnonymous();
        return app;
    }
}
