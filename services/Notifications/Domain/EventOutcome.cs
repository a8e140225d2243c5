namespace Marketplace.Notifications.Domain;

/// <summary>
/// Everything one marketplace event causes, written atomically together with the event id: a redelivered
/// event finds its id recorded and writes nothing again.
/// </summary>
public sealed record EventOutcome(
    string EventId, DateTimeOffset At, IReadOnlyList<Notification> Notifications, IReadOnlyList<DigestEntry> DigestEntries,
    IReadOnlyList<OutgoingMail> Mails, IReadOnlyList<WebhookDelivery> Deliveries)
{
    public bool IsEmpty => Notifications.Count == 0 && Mails.Count == 0 && Deliveries.Count == 0;
}
