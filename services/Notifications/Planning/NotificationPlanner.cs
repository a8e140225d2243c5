using Marketplace.Notifications.Domain;
using Marketplace.Notifications.Mail;
using Marketplace.Notifications.People;
using Marketplace.Notifications.Persistence;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Notifications.Planning;

/// <summary>
/// Turns an event into its outcome: one in-app notification per person of each audience (a person in two
/// audiences is told once, as the first), an immediate e-mail or a digest entry as the person chose for that
/// kind, and one delivery per active webhook of the parties' organisations that wants the event's type.
/// </summary>
public sealed class NotificationPlanner(IPeopleDirectory people, INotificationStore store, MailWriter writer, TimeProvider clock)
{
    public async Task<EventOutcome> PlanAsync(MarketplaceEvent e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var notifications = new List<Notification>();
        var digest = new List<DigestEntry>();
        var mails = new List<OutgoingMail>();
        var told = new HashSet<string>(StringComparer.Ordinal);
        foreach (var audience in e.Audiences)
        {
            foreach (var person in await people.PeopleOfAsync(audience.Org, ct))
            {
                if (person.Org != audience.Org || (audience.Role is not null && person.Role != audience.Role) || (audience.AdminsOnly && !person.OrgAdmin)
                    || !told.Add(person.Id)) continue;
                var n = new Notification(Ids.New("ntf"), person.Id, person.Org, audience.Kind, e.Id, e.EntityId, e.Title, e.Body, now, null, 1);
                notifications.Add(n);
                var preferences = await store.GetPreferencesAsync(person.Id, ct) ?? Preferences.Default(person.Id, person.Org);
                switch (preferences.ModeOf(audience.Kind))
                {
                    case DeliveryModes.Immediate:
                        mails.Add(writer.Immediate(person, n, now));
                        break;
                    case DeliveryModes.Digest:
                        digest.Add(new DigestEntry(n.Id, person.Id, person.Org, person.Email, person.Language, n.Title, now));
                        break;
                }
            }
        }
        var deliveries = new List<WebhookDelivery>();
        var payload = e.WebhookPayload();
        foreach (var org in e.WebhookOrgs.Distinct(StringComparer.Ordinal))
        {
            foreach (var webhook in await store.ListActiveWebhooksAsync(org, ct))
            {
                if (!webhook.Wants(e.Type)) continue;
                deliveries.Add(new WebhookDelivery(Ids.New("dlv"), webhook.Id, org, e.Id, e.Type, payload, WebhookDelivery.Pending, 0,
                    now, now, null, null, null, null));
            }
        }
        return new EventOutcome(e.Id, now, notifications, digest, mails, deliveries);
    }
}
