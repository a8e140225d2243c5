using Marketplace.Identity.Options;
using Marketplace.Identity.Persistence;
using Marketplace.ServiceKit.Http;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Marketplace.Identity.TokenServer;

/// <summary>
/// Redeems an authorization code or refresh token against the sign-in store (each usable once; a refresh
/// token again within the leeway; any later reuse ends the sign-in) and issues tokens from the person as
/// stored now, so a deactivation or a role change takes effect at the next refresh.
/// </summary>
public sealed partial class PersonTokenIssuer(
    ISignInStore signIns,
    IPersonStore people,
    IOptions<PeopleOptions> options,
    TimeProvider clock,
    ILogger<PersonTokenIssuer> logger) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        var isCode = context.Request.IsAuthorizationCodeGrantType();
        if (!isCode && !context.Request.IsRefreshTokenGrantType())
        {
            return;
        }

        var presented = context.Principal;
        var signInId = presented?.GetClaim(PersonPrincipal.SignInId);
        var tokenId = presented?.GetClaim(PersonPrincipal.RedeemableTokenId);
        var personId = presented?.GetClaim(Claims.Subject);
        if (presented is null || signInId is null || tokenId is null || personId is null)
        {
            context.Reject(Errors.InvalidGrant, "The grant was not issued for a person.");
            return;
        }

        var now = clock.GetUtcNow();
        var next = Ids.New("tkn");
        // An authorization code gets no leeway: a second redemption is always a replay.
        var leeway = isCode ? TimeSpan.Zero : options.Value.RefreshTokenReuseLeeway;
        var outcome = await signIns.RedeemAsync(signInId, tokenId, next, now, leeway, context.CancellationToken);
        if (outcome is RedeemOutcome.ReuseDetected)
        {
            LogReuse(signInId);
        }
        if (outcome is RedeemOutcome.ReuseDetected or RedeemOutcome.Revoked)
        {
            context.Reject(Errors.InvalidGrant, "The sign-in has ended; sign in again.");
            return;
        }

        var person = await people.FindByIdAsync(personId, context.CancellationToken);
        if (person is null || !person.Active || person.SecurityStamp != presented.GetClaim(PersonPrincipal.SecurityStamp))
        {
            await signIns.RevokeAsync(signInId, now, context.CancellationToken);
            context.Reject(Errors.InvalidGrant, "The sign-in has ended; sign in again.");
            return;
        }

        context.SignIn(PersonPrincipal.Create(person, signInId, next, presented.GetScopes(), options.Value));
    }

    [LoggerMessage(LogLevel.Warning, "A used grant was presented again after the reuse leeway; sign-in {SignInId} is revoked")]
    private partial void LogReuse(string signInId);
}
