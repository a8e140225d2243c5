using System.Collections.Immutable;
using System.Security.Claims;
using Marketplace.Identity.Options;
using Marketplace.Identity.People;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Identity.TokenServer;

/// <summary>
/// The principal OpenIddict turns into a person's tokens. The sign-in id and the redeemable token id have
/// no access-token destination: they live only inside the (encrypted) authorization code and refresh token,
/// where <see cref="PersonTokenIssuer"/> reads them back.
/// </summary>
public static class PersonPrincipal
{
    /// <summary>OpenID Connect session id: names the sign-in; in the identity token for end-session.</summary>
    public const string SignInId = "sid";

    public const string RedeemableTokenId = "mk_tkn";
    public const string SecurityStamp = "mk_stamp";

    public static readonly ImmutableArray<string> AllowedScopes = [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess];

    public static ClaimsPrincipal Create(Person person, string signInId, string tokenId, IEnumerable<string> scopes, PeopleOptions options)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Id)
            .SetClaim(Claims.Name, person.Name)
            .SetClaim(Claims.Email, person.Email)
            .SetClaim(TokenClaims.Role, person.Role)
            .SetClaim(TokenClaims.Org, person.Org)
            .SetClaim(SignInId, signInId)
            .SetClaim(RedeemableTokenId, tokenId)
            .SetClaim(SecurityStamp, person.SecurityStamp);
        identity.SetScopes(scopes.Intersect(AllowedScopes, StringComparer.Ordinal));
        identity.SetAudiences(TokenClaims.MarketplaceApi);
        identity.SetDestinations(static claim => claim.Type switch
        {
            Claims.Name or TokenClaims.Role or TokenClaims.Org => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email or SignInId => [Destinations.IdentityToken],
            _ => [],
        });

        var principal = new ClaimsPrincipal(identity);
        principal.SetAccessTokenLifetime(options.PersonAccessTokenLifetime);
        principal.SetIdentityTokenLifetime(options.PersonAccessTokenLifetime);
        principal.SetRefreshTokenLifetime(options.RefreshTokenLifetime);
        return principal;
    }
}
