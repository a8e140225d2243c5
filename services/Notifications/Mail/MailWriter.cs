using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Options;
using Marketplace.Notifications.People;
using Marketplace.Notifications.Unsubscribe;
using Marketplace.ServiceKit.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Mail;

/// <summary>Writes the e-mails of notifications and digests in the person's language, each with its unsubscribe link.</summary>
public sealed class MailWriter(UnsubscribeTokens tokens, IOptions<NotificationsOptions> options)
{
    private readonly Uri _origin = new(options.Value.PublicOrigin);

    public OutgoingMail Immediate(Recipient person, Notification n, DateTimeOffset now)
    {
        var es = person.Language == "es";
        var unsubscribe = UnsubscribeUrl(person, n.Kind);
        var body = $"""
            {n.Body.In(person.Language)}

            {(es ? "Abrir el mercado de contribuciones" : "Open the pledge marketplace")}: {_origin}

            --
            {(es ? "Recibe este correo por sus preferencias de notificación" : "You receive this e-mail because of your notification preferences")} ({n.Kind}).
            {(es ? "Dejar de recibir estos correos" : "Stop these e-mails")}: {unsubscribe}
            """;
        return New(person, n.Title.In(person.Language), body, unsubscribe, now);
    }

    /// <summary>One e-mail gathering a person's digest entries (all of one person, written to the address and language of the newest).</summary>
    public OutgoingMail Digest(IReadOnlyList<DigestEntry> entries, DateTimeOffset now)
    {
        var newest = entries[^1];
        var person = new Recipient(newest.PersonId, newest.Email, "", newest.Org, "", false, newest.Language);
        var es = person.Language == "es";
        var unsubscribe = UnsubscribeUrl(person, UnsubscribeTokens.DigestScope);
        var lines = string.Join('\n', entries.Select(e => $"- {e.Title.In(person.Language)}"));
        var subject = es ? $"Resumen diario: {entries.Count} novedades" : $"Daily digest: {entries.Count} updates";
        var body = $"""
            {(es ? "Novedades desde su último resumen" : "What happened since your last digest")}:

            {lines}

            {(es ? "Abrir el mercado de contribuciones" : "Open the pledge marketplace")}: {_origin}

            --
            {(es ? "Dejar de recibir el resumen diario" : "Stop the daily digest")}: {unsubscribe}
            """;
        return New(person, subject, body, unsubscribe, now);
    }

    private OutgoingMail New(Recipient person, string subject, string body, string unsubscribe, DateTimeOffset now) =>
        new(Ids.New("mail"), person.Id, person.Email, subject, body, unsubscribe, now, 0, now, null, null);

    private string UnsubscribeUrl(Recipient person, string scope) =>
        new Uri(_origin, $"api/v1/notifications/unsubscribe?token={Uri.EscapeDataString(tokens.Create(person.Id, person.Org, scope))}").ToString();
}
