using Marketplace.ServiceKit.Outbox;

namespace Marketplace.Notifications.Mail;

/// <summary>Wakes the mail sender and the webhook dispatcher right after new work is written, instead of at their next poll.</summary>
public sealed class NotificationSignals
{
    public OutboxSignal Mail { get; } = new();

    public OutboxSignal Webhooks { get; } = new();
}
