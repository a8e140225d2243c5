using Scalar.AspNetCore;

namespace Marketplace.Gateway.Security;

/// <summary>Headers every response carries; the CSP lets the web app load only its own scripts and styles.</summary>
public static class SecurityHeaders
{
    private const string Frames = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private const string DefaultPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " + Frames;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // The API reference page (/docs) starts its locally served scripts with a fresh nonce, so no other
            // script runs there either; its renderer injects style elements, which a nonce cannot cover, so
            // that page alone allows inline styles (never inline scripts).
            headers.ContentSecurityPolicy =
                context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string nonce
                    ? $"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'nonce-{nonce}'; {Frames}"
                    : DefaultPolicy;
            return Task.CompletedTask;
        });
        await next();
    });
}
