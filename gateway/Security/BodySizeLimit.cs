using Marketplace.ServiceKit.Http;

namespace Marketplace.Gateway.Security;

/// <summary>
/// Refuses bodies over API.md's 64 KiB with 413 before anything is proxied. Declared lengths are refused
/// at once; a chunked body is streamed to the service, which refuses it past 64 KiB itself.
/// </summary>
public static class BodySizeLimit
{
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > JsonBody.MaxBytes)
        {
            await Problems.PayloadTooLarge(JsonBody.MaxBytes).ExecuteAsync(context);
            return;
        }
        await next();
    });
}
