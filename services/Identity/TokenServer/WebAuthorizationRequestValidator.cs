using Marketplace.Identity.Options;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Marketplace.Identity.TokenServer;

/// <summary>
/// Degraded mode leaves client checks to us: only the web app may start the code flow, and only towards
/// one of its configured redirect URIs, compared exactly (no prefix, no case folding). PKCE S256 is
/// enforced by the server options (<c>plain</c> is not an allowed method, a challenge is required).
/// </summary>
public sealed class WebAuthorizationRequestValidator(IOptions<PeopleOptions> options) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (!string.Equals(context.ClientId, PeopleOptions.WebClientId, StringComparison.Ordinal))
        {
            context.Reject(Errors.InvalidClient, "The client is not allowed to sign people in.");
        }
        else if (context.RedirectUri is null || !options.Value.WebRedirectUris.Contains(context.RedirectUri, StringComparer.Ordinal))
        {
            context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client.");
        }
        return ValueTask.CompletedTask;
    }
}
