using System.Security.Claims;
using Marketplace.Identity.People;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Identity.Account;

/// <summary>Steps shared by the sign-in pages: where to go back to, the cookies, and failure accounting.</summary>
public static class SignInFlow
{
    public const string AuthorizePath = "/connect/authorize";

    /// <summary>Only an authorization request of this server may be resumed (no open redirect).</summary>
    public static bool IsValidReturnUrl(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(AuthorizePath + "?", StringComparison.Ordinal) && !returnUrl.Contains('\\')
        && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative);

    public static string LanguageOf(HttpRequest request, IFormCollection? form = null) =>
        AccountText.Normalize(form?["lang"].FirstOrDefault() ?? request.Query["lang"].FirstOrDefault());

    public static string PageUrl(string path, string language, string? returnUrl) =>
        path + QueryString.Create(new Dictionary<string, string?> { ["lang"] = language, ["returnUrl"] = returnUrl }.Where(p => p.Value is not null));

    public static async Task StartPendingAsync(HttpContext context, Person person, string returnUrl)
    {
        var identity = new ClaimsIdentity(AccountCookies.Pending);
        identity.AddClaim(new Claim(Claims.Subject, person.Id));
        identity.AddClaim(new Claim(AccountCookies.ReturnUrlClaim, returnUrl));
        await context.SignInAsync(AccountCookies.Pending, new ClaimsPrincipal(identity));
    }

    public static async Task<(Person? Person, string? ReturnUrl)> ReadPendingAsync(HttpContext context, UserManager<Person> users)
    {
        var result = await context.AuthenticateAsync(AccountCookies.Pending);
        var id = result.Principal?.FindFirstValue(Claims.Subject);
        var returnUrl = result.Principal?.FindFirstValue(AccountCookies.ReturnUrlClaim);
        if (!result.Succeeded || id is null || !IsValidReturnUrl(returnUrl))
        {
            return (null, null);
        }
        var person = await users.FindByIdAsync(id);
        return person is { Active: true } ? (person, returnUrl) : (null, null);
    }

    /// <summary>Every factor passed: the failure count starts again and the identity-provider session begins.</summary>
    public static async Task<IResult> CompleteAsync(HttpContext context, UserManager<Person> users, Person person, string returnUrl)
    {
        await users.ResetAccessFailedCountAsync(person);
        await context.SignOutAsync(AccountCookies.Pending);
        var identity = new ClaimsIdentity(AccountCookies.Session);
        identity.AddClaim(new Claim(Claims.Subject, person.Id));
        identity.AddClaim(new Claim(AccountCookies.StampClaim, person.SecurityStamp));
        await context.SignInAsync(AccountCookies.Session, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    /// <summary>Counts a wrong password or code toward the lockout; true when the account is now locked.</summary>
    public static async Task<bool> FailAsync(UserManager<Person> users, Person person)
    {
        await users.AccessFailedAsync(person);
        return await users.IsLockedOutAsync(person);
    }

    public static (string Field, string Token) Antiforgery(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return (tokens.FormFieldName, tokens.RequestToken!);
    }
}
