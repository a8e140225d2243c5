using Marketplace.Identity.People;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Marketplace.Identity.Account;

/// <summary>
/// The TOTP step (<c>/account/totp</c>) and, for roles that require it, enrolment at first sign-in
/// (<c>/account/enrol</c>: QR code and key in text). Wrong codes count toward the lockout like wrong
/// passwords; a lockout sends the person back to the first page with its generic message.
/// </summary>
public static class SecondFactorEndpoints
{
    public const string TotpPath = "/account/totp";
    public const string EnrolPath = "/account/enrol";
    private const string Issuer = "Support Platform Marketplace";

    public static IEndpointRouteBuilder MapSecondFactor(this IEndpointRouteBuilder app)
    {
        app.MapGet(TotpPath, async (HttpContext context, IAntiforgery antiforgery, UserManager<Person> users) =>
        {
            var language = SignInFlow.LanguageOf(context.Request);
            var (person, _) = await SignInFlow.ReadPendingAsync(context, users);
            return person is { TwoFactorEnabled: true }
                ? RenderTotp(context, antiforgery, language, null)
                : Results.Redirect(SignInFlow.PageUrl(SignInEndpoints.Path, language, null));
        });

        app.MapPost(TotpPath, async (HttpContext context, IAntiforgery antiforgery, UserManager<Person> users) =>
        {
            var form = await context.Request.ReadFormAsync();
            var language = SignInFlow.LanguageOf(context.Request, form);
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return RenderTotp(context, antiforgery, language, "expired", StatusCodes.Status400BadRequest);
            }
            var (person, returnUrl) = await SignInFlow.ReadPendingAsync(context, users);
            if (person is not { TwoFactorEnabled: true })
            {
                return Results.Redirect(SignInFlow.PageUrl(SignInEndpoints.Path, language, null));
            }
            return await VerifyAsync(context, users, person, returnUrl!, form["code"].FirstOrDefault(), language,
                error => RenderTotp(context, antiforgery, language, error, StatusCodes.Status400BadRequest));
        });

        app.MapGet(EnrolPath, async (HttpContext context, IAntiforgery antiforgery, UserManager<Person> users) =>
        {
            var language = SignInFlow.LanguageOf(context.Request);
            var (person, _) = await SignInFlow.ReadPendingAsync(context, users);
            if (person is null || person.TwoFactorEnabled)
            {
                return Results.Redirect(SignInFlow.PageUrl(SignInEndpoints.Path, language, null));
            }
            if (person.AuthenticatorKey is null)
            {
                await users.ResetAuthenticatorKeyAsync(person);
            }
            return RenderEnrol(context, antiforgery, person, language, null);
        });

        app.MapPost(EnrolPath, async (HttpContext context, IAntiforgery antiforgery, UserManager<Person> users) =>
        {
            var form = await context.Request.ReadFormAsync();
            var language = SignInFlow.LanguageOf(context.Request, form);
            var (person, returnUrl) = await SignInFlow.ReadPendingAsync(context, users);
            if (person is null || person.TwoFactorEnabled || person.AuthenticatorKey is null)
            {
                return Results.Redirect(SignInFlow.PageUrl(SignInEndpoints.Path, language, null));
            }
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return RenderEnrol(context, antiforgery, person, language, "expired", StatusCodes.Status400BadRequest);
            }
            return await VerifyAsync(context, users, person, returnUrl!, form["code"].FirstOrDefault(), language,
                error => RenderEnrol(context, antiforgery, person, language, error, StatusCodes.Status400BadRequest),
                enrol: true);
        });
        return app;
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, UserManager<Person> users, Person person, string returnUrl,
        string? code, string language, Func<string, IResult> retry, bool enrol = false)
    {
        code = code?.Replace(" ", "", StringComparison.Ordinal);
        if (await users.IsLockedOutAsync(person))
        {
            return await BackToStartAsync(context, returnUrl, language);
        }
        var valid = code is { Length: 6 } && code.All(char.IsAsciiDigit)
            && await users.VerifyTwoFactorTokenAsync(person, TokenOptions.DefaultAuthenticatorProvider, code);
        if (!valid)
        {
            return await SignInFlow.FailAsync(users, person) ? await BackToStartAsync(context, returnUrl, language) : retry("totp.failed");
        }
        if (enrol)
        {
            await users.SetTwoFactorEnabledAsync(person, true);
        }
        return await SignInFlow.CompleteAsync(context, users, person, returnUrl);
    }

    // A lockout reached at the code step looks exactly like a wrong password on the first page.
    private static async Task<IResult> BackToStartAsync(HttpContext context, string returnUrl, string language)
    {
        await context.SignOutAsync(AccountCookies.Pending);
        return Results.Redirect(SignInFlow.PageUrl(SignInEndpoints.Path, language, returnUrl) + "&failed=1");
    }

    private static IResult RenderTotp(HttpContext context, IAntiforgery antiforgery, string language, string? error,
        int status = StatusCodes.Status200OK)
    {
        var page = new AccountPage(language, AccountText.Get(language, "totp.title"));
        var (field, token) = SignInFlow.Antiforgery(context, antiforgery);
        page.Paragraph(page.T("totp.explain")).Error(error is null ? null : page.T(error))
            .Form(TotpPath, field, token, [("lang", page.Language)], CodeField(page), page.T("totp.submit"));
        return page.ToResult(SignInFlow.PageUrl(TotpPath, Other(language), null), status);
    }

    private static IResult RenderEnrol(HttpContext context, IAntiforgery antiforgery, Person person, string language, string? error,
        int status = StatusCodes.Status200OK)
    {
        var page = new AccountPage(language, AccountText.Get(language, "enrol.title"));
        var key = person.AuthenticatorKey!;
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(person.Email)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(4));
        var grouped = string.Join(' ', key.Chunk(4).Select(c => new string(c)));
        var (field, token) = SignInFlow.Antiforgery(context, antiforgery);
        page.Paragraph(page.T("enrol.explain"))
            .Raw($"<img class=\"qr\" alt=\"{AccountPage.Encode(page.T("enrol.qr"))}\" src=\"data:image/png;base64,{png}\">")
            .Raw($"<p>{AccountPage.Encode(page.T("enrol.key"))}: <span class=\"key\" id=\"authenticator-key\">{AccountPage.Encode(grouped)}</span></p>")
            .Error(error is null ? null : page.T(error))
            .Form(EnrolPath, field, token, [("lang", page.Language)], CodeField(page), page.T("totp.submit"));
        return page.ToResult(SignInFlow.PageUrl(EnrolPath, Other(language), null), status);
    }

    private static string CodeField(AccountPage page) =>
        AccountPage.Field("code", page.T("totp.code"), "text", "one-time-code", null,
            "inputmode=\"numeric\" pattern=\"[0-9 ]{6,7}\" maxlength=\"7\" autofocus");

    private static string Other(string language) => language == AccountText.Spanish ? AccountText.English : AccountText.Spanish;
}
