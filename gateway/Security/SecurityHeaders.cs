using Scalar.AspNetCore;

namespace Marketplace.Gateway.Security;

/// <summary>Headers every response carries; the CSP lets the web app load only its own scripts and styles.</summary>
public static class SecurityHeaders
{
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
            var nonce = context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var value) && value is string n ? n : null;
            var scripts = nonce is null ? "'self'" : $"'self' 'nonce-{nonce}'";
            var styles = nonce is null ? "'self'" : "'self' 'unsafe-inline'";
            headers.ContentSecurityPolicy =
                $"default-src 'self'; img-src 'self' data:; style-src {styles}; script-src {scripts}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
            return Task.CompletedTask;
        });
        await next();
    });
}
