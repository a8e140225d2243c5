using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Options;
using MimeKit;

namespace Marketplace.Notifications.Mail;

/// <summary>
/// The MIME message of a queued mail: plain text in the person's language, a stable Message-ID (a retried
/// send is recognisably the same message), and RFC 8058 one-click unsubscribe headers.
/// </summary>
public static class MailComposer
{
    public static MimeMessage Compose(OutgoingMail mail, SmtpOptions smtp)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(smtp.FromName, smtp.FromAddress));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = mail.Subject;
        message.MessageId = $"{mail.Id}@{smtp.FromAddress.Split('@')[1]}";
        message.Date = mail.CreatedAt;
        message.Headers.Add("List-Unsubscribe", $"<{mail.UnsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new TextPart("plain") { Text = mail.TextBody };
        return message;
    }
}
