using System.Security.Claims;
using Marketplace.Identity.Clients;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Marketplace.Identity.TokenServer;

/// <summary>Builds the access token for a client that <see cref="ClientCredentialsValidator"/> authenticated.</summary>
public sealed class ClientCredentialsTokenIssuer : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType())
        {
            return ValueTask.CompletedTask;
        }
        if (!context.Transaction.Properties.TryGetValue(ClientCredentialsValidator.ClientProperty, out var value)
            || value is not RegisteredClient client)
        {
            // Unreachable unless the validator was removed: failing closed beats issuing a token for nobody.
            context.Reject(Errors.InvalidClient, "The client was not authenticated.");
            return ValueTask.CompletedTask;
        }

        var identity = new ClaimsIdentity(
            authenticationType: TokenValidationParameters.DefaultAuthenticationType,
            nameType: Claims.Name,
            roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId)
            .SetClaim(TokenClaims.Role, client.Role)
            .SetClaim(TokenClaims.Org, client.Org);
        identity.SetAudiences(TokenClaims.MarketplaceApi);
        // OpenIddict leaves out of the token any claim without a destination.
        identity.SetDestinations(static _ => [Destinations.AccessToken]);

        context.SignIn(new ClaimsPrincipal(identity));
        return ValueTask.CompletedTask;
    }
}
