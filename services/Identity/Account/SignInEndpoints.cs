using Marketplace.Identity.Options;
using Marketplace.Identity.People;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity.Account;

/// <summary>
/// <c>/account/signin</c>: email and password. An unknown email, a wrong password, a deactivated or a
/// locked account all get the same answer after the same password-hashing work, so the page tells nobody
/// whether an account exists.
/// </summary>
public static class SignInEndpoints
{
    public const string Path = "/account/signin";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, IAntiforgery antiforgery, DemoPeople demo) =>
        {
            var language = SignInFlow.LanguageOf(context.Request);
            var returnUrl = context.Request.Query["returnUrl"].FirstOrDefault();
            var error = context.Request.Query["failed"] == "1" ? "signin.failed" : null;
            return Render(context, antiforgery, demo, language, returnUrl, email: null, error);
        });

        app.MapPost(Path, async (HttpContext context, IAntiforgery antiforgery, UserManager<Person> users, DemoPeople demo,
            IPasswordHasher<Person> hasher) =>
        {
            var form = await context.Request.ReadFormAsync();
            var language = SignInFlow.LanguageOf(context.Request, form);
            var returnUrl = form["returnUrl"].FirstOrDefault();
            var email = form["email"].FirstOrDefault()?.Trim();
            var password = form["password"].FirstOrDefault();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Render(context, antiforgery, demo, language, returnUrl, email, "expired", StatusCodes.Status400BadRequest);
            }
            if (!SignInFlow.IsValidReturnUrl(returnUrl))
            {
                return Render(context, antiforgery, demo, language, returnUrl, email, null);
            }
            if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password) || email.Length > 254 || password.Length > 1024)
            {
                return Render(context, antiforgery, demo, language, returnUrl, email, "signin.missing", StatusCodes.Status400BadRequest);
            }

            var person = await users.FindByEmailAsync(email);
            if (person is not { Active: true, PasswordHash: not null })
            {
                hasher.VerifyHashedPassword(Decoy.Person, Decoy.Hash(hasher), password);
                return Render(context, antiforgery, demo, language, returnUrl, email, "signin.failed", StatusCodes.Status400BadRequest);
            }
            var locked = await users.IsLockedOutAsync(person);
            var valid = await users.CheckPasswordAsync(person, password);
            if (locked || !valid)
            {
                if (!locked) await SignInFlow.FailAsync(users, person);
                return Render(context, antiforgery, demo, language, returnUrl, email, "signin.failed", StatusCodes.Status400BadRequest);
            }

            if (person.TwoFactorEnabled || person.MfaRequired)
            {
                await SignInFlow.StartPendingAsync(context, person, returnUrl!);
                var next = person.TwoFactorEnabled ? SecondFactorEndpoints.TotpPath : SecondFactorEndpoints.EnrolPath;
                return Results.Redirect(SignInFlow.PageUrl(next, language, null));
            }
            return await SignInFlow.CompleteAsync(context, users, person, returnUrl!);
        });
        return app;
    }

    private static IResult Render(HttpContext context, IAntiforgery antiforgery, DemoPeople demo, string language, string? returnUrl,
        string? email, string? error, int status = StatusCodes.Status200OK)
    {
        var page = new AccountPage(language, AccountText.Get(language, "signin.title"));
        var other = language == AccountText.Spanish ? AccountText.English : AccountText.Spanish;
        if (!SignInFlow.IsValidReturnUrl(returnUrl))
        {
            // Signing in only makes sense inside an authorization request: send the person to the web app, which starts one.
            page.Paragraph(page.T("noflow")).Raw($"<p><a href=\"/\">{AccountPage.Encode(page.T("open.app"))}</a></p>");
            return page.ToResult(SignInFlow.PageUrl(Path, other, null));
        }
        if (demo.Enabled)
        {
            page.Raw(demo.BannerHtml(page));
        }
        var (field, token) = SignInFlow.Antiforgery(context, antiforgery);
        page.Error(error is null ? null : page.T(error))
            .Form(Path, field, token, [("returnUrl", returnUrl!), ("lang", page.Language)],
                AccountPage.Field("email", page.T("email"), "email", "username", email, "maxlength=\"254\" autofocus")
                + AccountPage.Field("password", page.T("password"), "password", "current-password"),
                page.T("submit"));
        return page.ToResult(SignInFlow.PageUrl(Path, other, returnUrl), status);
    }
}
