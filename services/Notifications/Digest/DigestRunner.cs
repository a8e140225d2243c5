using Marketplace.Notifications.Mail;
using Marketplace.Notifications.Persistence;

namespace Marketplace.Notifications.Digest;

/// <summary>Gathers each person's digest entries written before a cutoff into one e-mail per person.</summary>
public sealed class DigestRunner(INotificationStore store, MailWriter writer, NotificationSignals signals, TimeProvider clock)
{
    /// <returns>How many digests were queued.</returns>
    public async Task<int> RunAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var queued = 0;
        foreach (var personId in await store.ListDigestPeopleAsync(cutoff, ct))
        {
            var entries = await store.ListDigestEntriesAsync(personId, cutoff, ct);
            if (entries.Count == 0) continue;
            await store.CompleteDigestAsync(entries, writer.Digest(entries, clock.GetUtcNow()), ct);
            queued++;
        }
        if (queued > 0) signals.Mail.Notify();
        return queued;
    }
}
