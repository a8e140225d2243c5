using Marketplace.Identity.Options;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Marketplace.Identity.TokenServer;

/// <summary>End-session may only send the browser back to the web app (no open redirect).</summary>
public sealed class WebEndSessionRequestValidator(IOptions<PeopleOptions> options) : IOpenIddictServerHandler<ValidateEndSessionRequestContext>
{
    public ValueTask HandleAsync(ValidateEndSessionRequestContext context)
    {
        if (context.PostLogoutRedirectUri is { } uri && !options.Value.WebPostLogoutRedirectUris.Contains(uri, StringComparer.Ordinal))
        {
            context.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered.");
        }
        return ValueTask.CompletedTask;
    }
}
