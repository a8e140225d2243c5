using Marketplace.Notifications.Mail;
using Marketplace.Notifications.Persistence;

namespace Marketplace.Notifications.Planning;

/// <summary>
/// Handles one event once: skipped when its id was recorded; otherwise planned and written with its id in
/// one transaction (a concurrent duplicate writes nothing), then the senders are woken.
/// </summary>
public sealed class EventProcessor(INotificationStore store, NotificationPlanner planner, NotificationSignals signals)
{
    public async Task HandleAsync(MarketplaceEvent e, CancellationToken ct)
    {
        if (await store.IsProcessedAsync(e.Id, ct)) return;
        var outcome = await planner.PlanAsync(e, ct);
        if (!await store.RecordAsync(outcome, ct)) return;
        if (outcome.Mails.Count > 0) signals.Mail.Notify();
        if (outcome.Deliveries.Count > 0) signals.Webhooks.Notify();
    }
}
