using System.Security.Claims;
using Marketplace.Identity.Options;
using Marketplace.Identity.People;
using Marketplace.Identity.Persistence;
using Marketplace.Identity.TokenServer;
using Marketplace.ServiceKit.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Microsoft.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Identity.Account;

/// <summary>
/// The two OpenID Connect endpoints OpenIddict passes through to us: authorize (validated already — client,
/// redirect URI, PKCE — so here we only decide who is signing in) and end-session.
/// </summary>
public static class AuthorizationEndpoints
{
    public static IEndpointRouteBuilder MapAuthorization(this IEndpointRouteBuilder app)
    {
        app.MapGet(SignInFlow.AuthorizePath, async (HttpContext context, UserManager<Person> users, ISignInStore signIns,
            IOptions<PeopleOptions> options, TimeProvider clock) =>
        {
            var request = context.GetOpenIddictServerRequest()
                ?? throw new InvalidOperationException("The OpenIddict request is missing: the endpoint is not passthrough.");
            var session = await context.AuthenticateAsync(AccountCookies.Session);
            var person = session.Succeeded && session.Principal.FindFirstValue(Claims.Subject) is { } id ? await users.FindByIdAsync(id) : null;
            var signedIn = person is { Active: true }
                && person.SecurityStamp == session.Principal?.FindFirstValue(AccountCookies.StampClaim)
                && (person.TwoFactorEnabled || !person.MfaRequired)
                && !request.HasPromptValue(PromptValues.Login);
            if (!signedIn)
            {
                if (request.HasPromptValue(PromptValues.None))
                {
                    return Results.Forbid(
                        new AuthenticationProperties(new Dictionary<string, string?>
                        {
                            [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.LoginRequired,
                            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The person is not signed in.",
                        }),
                        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
                }
                await context.SignOutAsync(AccountCookies.Session);
                // prompt=login is honoured once: the resumed request must not ask again.
                var resume = SignInFlow.AuthorizePath + QueryString.Create(
                    context.Request.Query.Where(q => q.Key != Parameters.Prompt).SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))));
                var language = AccountText.Normalize(request.UiLocales?.Split(' ').FirstOrDefault()?.Split('-')[0]);
                return Results.Redirect(SignInFlow.PageUrl(SignInEndpoints.Path, language, resume));
            }

            var signInId = Ids.New("signin");
            var codeId = Ids.New("tkn");
            await signIns.StartAsync(signInId, person!.Id, codeId, clock.GetUtcNow(), context.RequestAborted);
            return Results.SignIn(PersonPrincipal.Create(person, signInId, codeId, request.GetScopes(), options.Value),
                properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        app.MapGet("/connect/endsession", async (HttpContext context, ISignInStore signIns, TimeProvider clock) =>
        {
            // The identity token hint names the sign-in (sid): ending the session revokes its refresh tokens too.
            var hint = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (hint.Principal?.GetClaim(PersonPrincipal.SignInId) is { } signInId)
            {
                await signIns.RevokeAsync(signInId, clock.GetUtcNow(), context.RequestAborted);
            }
            await context.SignOutAsync(AccountCookies.Session);
            await context.SignOutAsync(AccountCookies.Pending);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        return app;
    }
}
