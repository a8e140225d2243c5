using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.ServiceKit.Http;

public static class HttpPipelineExtensions
{
    /// <summary>Kestrel limits shared by every service: API.md's 64 KiB body limit.</summary>
    public static IHostApplicationBuilder AddMarketplaceHttp(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = JsonBody.MaxBytes);
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// Problem+json for every error status, including the empty 401/403 of the auth middleware, and
    /// no stack trace leaking on an unexpected exception.
    /// </summary>
    public static WebApplication UseMarketplaceHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
