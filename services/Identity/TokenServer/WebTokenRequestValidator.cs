using Marketplace.Identity.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Marketplace.Identity.TokenServer;

/// <summary>
/// The code and refresh grants belong to the web app, a public client: it sends its id and no secret
/// (a secret in a browser is no secret). Code verifier, redirect URI and presenter are checked by
/// OpenIddict against the authorization code itself.
/// </summary>
public sealed class WebTokenRequestValidator : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (!context.Request.IsAuthorizationCodeGrantType() && !context.Request.IsRefreshTokenGrantType())
        {
            return ValueTask.CompletedTask;
        }
        if (!string.Equals(context.Request.ClientId, PeopleOptions.WebClientId, StringComparison.Ordinal)
            || !string.IsNullOrEmpty(context.Request.ClientSecret))
        {
            context.Reject(Errors.InvalidClient, "Only the public web client may use this grant, without a client secret.");
        }
        return ValueTask.CompletedTask;
    }
}
