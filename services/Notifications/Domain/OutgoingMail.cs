namespace Marketplace.Notifications.Domain;

/// <summary>
/// An e-mail waiting in the mail outbox, already written in the person's language. Sent by the mail
/// sender, retried with back-off while the SMTP server fails; <see cref="SentAt"/> once the server took it.
/// </summary>
public sealed record OutgoingMail(
    string Id, string PersonId, string To, string Subject, string TextBody, string UnsubscribeUrl,
    DateTimeOffset CreatedAt, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError);
