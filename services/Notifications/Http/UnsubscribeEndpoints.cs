using System.Net;
using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Persistence;
using Marketplace.Notifications.Unsubscribe;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Notifications.Http;

/// <summary>
/// One-click unsubscribe without signing in (RFC 8058): the signed token in the link is the only credential.
/// <c>GET</c> only shows a page with one button, because mail scanners fetch links; the <c>POST</c> (the
/// button, or a mail client's List-Unsubscribe-Post) turns the e-mail of the token's scope off.
/// </summary>
public static class UnsubscribeEndpoints
{
    public const string Path = "/api/v1/notifications/unsubscribe";

    public static IEndpointRouteBuilder MapUnsubscribeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).AllowAnonymous();
        group.MapGet("", (string? token, UnsubscribeTokens tokens) =>
            tokens.Read(token) is null
                ? Problems.BadRequest("The unsubscribe link is not valid.")
                : Page(200, "Dejar de recibir estos correos / Stop these e-mails",
                    $"""<form method="post" action="{Path}?token={WebUtility.HtmlEncode(Uri.EscapeDataString(token!))}"><button type="submit">Darme de baja / Unsubscribe</button></form>"""))
            .WithApi(NotificationsApi.UnsubscribePage());
        group.MapPost("", UnsubscribeAsync).DisableAntiforgery().WithApi(NotificationsApi.Unsubscribe());
        return app;
    }

    private static async Task<IResult> UnsubscribeAsync(string? token, UnsubscribeTokens tokens, INotificationStore store, CancellationToken ct)
    {
        if (tokens.Read(token) is not { } claim) return Problems.BadRequest("The unsubscribe link is not valid.");
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await store.GetPreferencesAsync(claim.PersonId, ct) ?? Preferences.Default(claim.PersonId, claim.Org);
            var modes = new Dictionary<string, string>(current.Modes, StringComparer.Ordinal);
            foreach (var kind in NotificationKinds.All)
            {
                var scoped = claim.Scope == UnsubscribeTokens.DigestScope ? current.ModeOf(kind) == DeliveryModes.Digest : kind == claim.Scope;
                if (scoped) modes[kind] = DeliveryModes.Off;
            }
            if (await store.SavePreferencesAsync(current with { Modes = modes, Version = current.Version + 1 }, current.Version, ct))
            {
                return Page(200, "Baja confirmada / Unsubscribed",
                    "<p>No recibirá más estos correos. Puede cambiarlo en sus preferencias de notificación.</p><p>You will not receive these e-mails any more. You can change this in your notification preferences.</p>");
            }
        }
        return Problems.Conflict("Your preferences changed concurrently; try again.");
    }

    private static IResult Page(int status, string title, string body) => Results.Content(
        $"""<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{WebUtility.HtmlEncode(title)}</title></head><body><h1>{WebUtility.HtmlEncode(title)}</h1>{body}</body></html>""",
        "text/html; charset=utf-8", statusCode: status);
}
