using System.Globalization;
using System.Threading.RateLimiting;
using Marketplace.ServiceKit.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Marketplace.Gateway.Security;

/// <summary>
/// Per-client rate limiting: a fixed one-minute window per token subject (or per IP address for calls
/// without a token). Beyond the limit: 429 problem+json with Retry-After.
/// </summary>
public static class RateLimiting
{
    public const string PerClientPolicy = "per-client";

    public static IServiceCollection AddPerClientRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerClientPolicy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RequestsPerMinute;
                var client = context.User.FindFirst("sub")?.Value is { } sub
                    ? "client:" + sub
                    : "ip:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                context.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Problems.Problem(429, "Too many requests", "This client exceeded its request rate; retry after the time in Retry-After.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
