using Marketplace.Identity.People;
using Marketplace.Identity.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Marketplace.Identity.Account;

/// <summary>
/// <c>/account/invitation?token=</c>: the one-time link of an invitation (or of the bootstrap setup) where
/// the person chooses a password. Using the link consumes it; an expired or used link says so, nothing more.
/// </summary>
public static class InvitationEndpoints
{
    public const string Path = "/account/invitation";

    public static IEndpointRouteBuilder MapInvitation(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpContext context, IAntiforgery antiforgery, Invitations invitations) =>
        {
            var language = SignInFlow.LanguageOf(context.Request);
            var token = context.Request.Query["token"].FirstOrDefault();
            var person = await invitations.FindPendingAsync(token, context.RequestAborted);
            return person is null
                ? Invalid(language, token)
                : Render(context, antiforgery, language, token!, person, null);
        });

        app.MapPost(Path, async (HttpContext context, IAntiforgery antiforgery, Invitations invitations, UserManager<Person> users) =>
        {
            var form = await context.Request.ReadFormAsync();
            var language = SignInFlow.LanguageOf(context.Request, form);
            var token = form["token"].FirstOrDefault();
            var person = await invitations.FindPendingAsync(token, context.RequestAborted);
            if (person is null)
            {
                return Invalid(language, token, StatusCodes.Status400BadRequest);
            }
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Render(context, antiforgery, language, token!, person, "expired", StatusCodes.Status400BadRequest);
            }
            var password = form["password"].FirstOrDefault() ?? "";
            if (password.Length < Invitations.MinimumPasswordLength || password.Length > 1024)
            {
                return Render(context, antiforgery, language, token!, person, "invite.short", StatusCodes.Status400BadRequest);
            }
            if (password != form["confirm"].FirstOrDefault())
            {
                return Render(context, antiforgery, language, token!, person, "invite.mismatch", StatusCodes.Status400BadRequest);
            }

            person.InvitationHash = null;
            person.InvitationExpiresAt = null;
            var result = await users.AddPasswordAsync(person, password);
            if (!result.Succeeded)
            {
                return Invalid(language, token, StatusCodes.Status409Conflict);
            }
            var page = new AccountPage(language, AccountText.Get(language, "invite.title"));
            page.Paragraph(page.T("invite.done"), "notice", "status")
                .Raw($"<p><a id=\"open-app\" href=\"/\">{AccountPage.Encode(page.T("open.app"))}</a></p>");
            return page.ToResult(SignInFlow.PageUrl("/", Other(language), null));
        });
        return app;
    }

    private static IResult Invalid(string language, string? token, int status = StatusCodes.Status404NotFound)
    {
        var page = new AccountPage(language, AccountText.Get(language, "invite.title"));
        page.Error(page.T("invite.invalid"));
        return page.ToResult($"{Path}?lang={Other(language)}&token={Uri.EscapeDataString(token ?? "")}", status);
    }

    private static IResult Render(HttpContext context, IAntiforgery antiforgery, string language, string token, Person person, string? error,
        int status = StatusCodes.Status200OK)
    {
        var page = new AccountPage(language, AccountText.Get(language, "invite.title"));
        var (field, antiforgeryToken) = SignInFlow.Antiforgery(context, antiforgery);
        page.Paragraph($"{person.Name} · {person.Email}").Paragraph(page.T("invite.explain")).Error(error is null ? null : page.T(error))
            .Form(Path, field, antiforgeryToken, [("token", token), ("lang", page.Language)],
                AccountPage.Field("password", page.T("password"), "password", "new-password", null, "minlength=\"12\" autofocus")
                + AccountPage.Field("confirm", page.T("invite.confirm"), "password", "new-password", null, "minlength=\"12\""),
                page.T("invite.submit"));
        return page.ToResult($"{Path}?lang={Other(language)}&token={Uri.EscapeDataString(token)}", status);
    }

    private static string Other(string language) => language == AccountText.Spanish ? AccountText.English : AccountText.Spanish;
}
