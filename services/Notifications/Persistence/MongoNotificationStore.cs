using Marketplace.Notifications.Domain;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using MongoDB.Driver;

namespace Marketplace.Notifications.Persistence;

/// <summary>
/// The MongoDB store: the records map to documents by the solution's conventions (camelCase, instants as
/// BSON dates, <c>Id</c> as <c>_id</c>). An event's outcome is written in one transaction with its id in
/// <c>processedEvents</c>, whose unique <c>_id</c> makes a concurrent duplicate abort; work items are
/// claimed with <c>findOneAndUpdate</c>, so two replicas never hold the same one.
/// </summary>
public sealed class MongoNotificationStore(MongoStorage storage) : INotificationStore, IMongoStoreSetup
{
    private IMongoCollection<ProcessedEvent> Processed => storage.Collection<ProcessedEvent>("processedEvents");
    private IMongoCollection<Notification> Notifications => storage.Collection<Notification>("notifications");
    private IMongoCollection<DigestEntry> Digest => storage.Collection<DigestEntry>("digestEntries");
    private IMongoCollection<Preferences> Prefs => storage.Collection<Preferences>("preferences");
    private IMongoCollection<OutgoingMail> Mails => storage.Collection<OutgoingMail>("mails");
    private IMongoCollection<Webhook> Webhooks => storage.Collection<Webhook>("webhooks");
    private IMongoCollection<WebhookDelivery> Deliveries => storage.Collection<WebhookDelivery>("deliveries");

    public async Task InitializeAsync(CancellationToken ct)
    {
        await Notifications.Indexes.CreateOneAsync(new CreateIndexModel<Notification>(
            Builders<Notification>.IndexKeys.Ascending(n => n.PersonId).Ascending(n => n.Org).Descending(n => n.Id)), cancellationToken: ct);
        await Digest.Indexes.CreateManyAsync([
            new CreateIndexModel<DigestEntry>(Builders<DigestEntry>.IndexKeys.Ascending(e => e.NotificationId), new CreateIndexOptions { Unique = true }),
            new CreateIndexModel<DigestEntry>(Builders<DigestEntry>.IndexKeys.Ascending(e => e.PersonId).Ascending(e => e.CreatedAt)),
        ], ct);
        await Prefs.Indexes.CreateOneAsync(new CreateIndexModel<Preferences>(
            Builders<Preferences>.IndexKeys.Ascending(p => p.PersonId), new CreateIndexOptions { Unique = true }), cancellationToken: ct);
        await Mails.Indexes.CreateOneAsync(new CreateIndexModel<OutgoingMail>(
            Builders<OutgoingMail>.IndexKeys.Ascending(m => m.SentAt).Ascending(m => m.NextAttemptAt)), cancellationToken: ct);
        await Webhooks.Indexes.CreateOneAsync(new CreateIndexModel<Webhook>(
            Builders<Webhook>.IndexKeys.Ascending(w => w.Org).Ascending(w => w.Id)), cancellationToken: ct);
        await Deliveries.Indexes.CreateManyAsync([
            new CreateIndexModel<WebhookDelivery>(Builders<WebhookDelivery>.IndexKeys.Ascending(d => d.WebhookId).Descending(d => d.Id)),
            new CreateIndexModel<WebhookDelivery>(Builders<WebhookDelivery>.IndexKeys.Ascending(d => d.Status).Ascending(d => d.NextAttemptAt)),
        ], ct);
    }

    public async Task<bool> IsProcessedAsync(string eventId, CancellationToken ct) =>
        await Processed.Find(e => e.Id == eventId).AnyAsync(ct);

    public async Task<bool> RecordAsync(EventOutcome outcome, CancellationToken ct)
    {
        try
        {
            return await storage.InTransactionAsync(async (session, token) =>
            {
                await Processed.InsertOneAsync(session, new ProcessedEvent(outcome.EventId, outcome.At), cancellationToken: token);
                await WriteOutcomeAsync(session, outcome, token);
                return true;
            }, ct);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public async Task<Page<Notification>> ListNotificationsAsync(string personId, string org, bool unreadOnly, int pageSize, string? afterId,
        CancellationToken ct)
    {
        var rows = await Notifications.Find(NotificationFilter(personId, org, unreadOnly, afterId))
            .SortByDescending(n => n.Id).Limit(pageSize + 1).ToListAsync(ct);
        return Page<Notification>.FromRows(rows, pageSize, n => n.Id);
    }

    public static FilterDefinition<Notification> NotificationFilter(string personId, string org, bool unreadOnly, string? afterId)
    {
        var f = Builders<Notification>.Filter;
        var filter = f.Eq(n => n.PersonId, personId) & f.Eq(n => n.Org, org);
        if (unreadOnly) filter &= f.Eq(n => n.ReadAt, null);
        if (afterId is not null) filter &= f.Lt(n => n.Id, afterId);
        return filter;
    }

    public async Task<int> CountUnreadAsync(string personId, string org, CancellationToken ct) =>
        (int)await Notifications.CountDocumentsAsync(NotificationFilter(personId, org, true, null), cancellationToken: ct);

    public async Task<Notification?> MarkReadAsync(string personId, string org, string id, DateTimeOffset at, CancellationToken ct)
    {
        var f = Builders<Notification>.Filter;
        var read = await Notifications.FindOneAndUpdateAsync(
            f.Eq(n => n.Id, id) & NotificationFilter(personId, org, true, null),
            Builders<Notification>.Update.Set(n => n.ReadAt, at).Inc(n => n.Version, 1),
            new FindOneAndUpdateOptions<Notification> { ReturnDocument = ReturnDocument.After }, ct);
        return read ?? await Notifications.Find(f.Eq(n => n.Id, id) & NotificationFilter(personId, org, false, null)).FirstOrDefaultAsync(ct);
    }

    public async Task<int> MarkAllReadAsync(string personId, string org, DateTimeOffset at, CancellationToken ct) =>
        (int)(await Notifications.UpdateManyAsync(NotificationFilter(personId, org, true, null),
            Builders<Notification>.Update.Set(n => n.ReadAt, at).Inc(n => n.Version, 1), cancellationToken: ct)).ModifiedCount;

    public async Task<Preferences?> GetPreferencesAsync(string personId, CancellationToken ct) =>
        await Prefs.Find(p => p.PersonId == personId).FirstOrDefaultAsync(ct);

    public async Task<bool> SavePreferencesAsync(Preferences preferences, long expectedVersion, CancellationToken ct)
    {
        if (expectedVersion == 0)
        {
            try
            {
                await Prefs.InsertOneAsync(preferences, cancellationToken: ct);
                return true;
            }
            catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
            {
                return false;
            }
        }
        var result = await Prefs.ReplaceOneAsync(p => p.PersonId == preferences.PersonId && p.Version == expectedVersion, preferences, cancellationToken: ct);
        return result.ModifiedCount == 1;
    }

    public async Task<OutgoingMail?> ClaimMailAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        await Mails.FindOneAndUpdateAsync(DueMail(now),
            Builders<OutgoingMail>.Update.Set(m => m.NextAttemptAt, leaseUntil),
            new FindOneAndUpdateOptions<OutgoingMail> { Sort = Builders<OutgoingMail>.Sort.Ascending(m => m.NextAttemptAt) }, ct);

    public static FilterDefinition<OutgoingMail> DueMail(DateTimeOffset now) =>
        Builders<OutgoingMail>.Filter.Eq(m => m.SentAt, null) & Builders<OutgoingMail>.Filter.Lte(m => m.NextAttemptAt, now);

    public async Task MarkMailSentAsync(string id, DateTimeOffset at, CancellationToken ct) =>
        await Mails.UpdateOneAsync(m => m.Id == id,
            Builders<OutgoingMail>.Update.Set(m => m.SentAt, at).Inc(m => m.Attempts, 1).Set(m => m.LastError, null), cancellationToken: ct);

    public async Task RescheduleMailAsync(string id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken ct) =>
        await Mails.UpdateOneAsync(m => m.Id == id,
            Builders<OutgoingMail>.Update.Set(m => m.Attempts, attempts).Set(m => m.NextAttemptAt, nextAttemptAt).Set(m => m.LastError, error),
            cancellationToken: ct);

    public async Task<IReadOnlyList<string>> ListDigestPeopleAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var people = await Digest.Distinct(e => e.PersonId, Builders<DigestEntry>.Filter.Lt(e => e.CreatedAt, cutoff), cancellationToken: ct).ToListAsync(ct);
        return [.. people.Order(StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<DigestEntry>> ListDigestEntriesAsync(string personId, DateTimeOffset cutoff, CancellationToken ct) =>
        await Digest.Find(e => e.PersonId == personId && e.CreatedAt < cutoff)
            .SortBy(e => e.CreatedAt).ThenBy(e => e.NotificationId).ToListAsync(ct);

    public async Task CompleteDigestAsync(IReadOnlyList<DigestEntry> entries, OutgoingMail mail, CancellationToken ct) =>
        await storage.InTransactionAsync(async (session, token) =>
        {
            var ids = entries.Select(e => e.NotificationId).ToList();
            await Digest.DeleteManyAsync(session, Builders<DigestEntry>.Filter.In(e => e.NotificationId, ids), cancellationToken: token);
            await Mails.InsertOneAsync(session, mail, cancellationToken: token);
            return true;
        }, ct);

    public async Task CreateWebhookAsync(Webhook webhook, CancellationToken ct) => await Webhooks.InsertOneAsync(webhook, cancellationToken: ct);

    public async Task<Webhook?> GetWebhookAsync(string id, CancellationToken ct) => await Webhooks.Find(w => w.Id == id).FirstOrDefaultAsync(ct);

    public async Task<Page<Webhook>> ListWebhooksAsync(string org, int pageSize, string? afterId, CancellationToken ct)
    {
        var f = Builders<Webhook>.Filter;
        var filter = f.Eq(w => w.Org, org) & (afterId is null ? f.Empty : f.Gt(w => w.Id, afterId));
        var rows = await Webhooks.Find(filter).SortBy(w => w.Id).Limit(pageSize + 1).ToListAsync(ct);
        return Page<Webhook>.FromRows(rows, pageSize, w => w.Id);
    }

    public async Task<IReadOnlyList<Webhook>> ListActiveWebhooksAsync(string org, CancellationToken ct) =>
        await Webhooks.Find(w => w.Org == org && w.Status == Webhook.Active).SortBy(w => w.Id).ToListAsync(ct);

    public async Task<bool> DeleteWebhookAsync(string id, CancellationToken ct) =>
        await storage.InTransactionAsync(async (session, token) =>
        {
            var deleted = await Webhooks.DeleteOneAsync(session, w => w.Id == id, cancellationToken: token);
            await Deliveries.DeleteManyAsync(session, d => d.WebhookId == id, cancellationToken: token);
            return deleted.DeletedCount == 1;
        }, ct);

    public async Task InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken ct) =>
        await Deliveries.InsertOneAsync(delivery, cancellationToken: ct);

    public async Task<WebhookDelivery?> GetDeliveryAsync(string id, CancellationToken ct) =>
        await Deliveries.Find(d => d.Id == id).FirstOrDefaultAsync(ct);

    public async Task<Page<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int pageSize, string? afterId, CancellationToken ct)
    {
        var f = Builders<WebhookDelivery>.Filter;
        var filter = f.Eq(d => d.WebhookId, webhookId) & (afterId is null ? f.Empty : f.Lt(d => d.Id, afterId));
        var rows = await Deliveries.Find(filter).SortByDescending(d => d.Id).Limit(pageSize + 1).ToListAsync(ct);
        return Page<WebhookDelivery>.FromRows(rows, pageSize, d => d.Id);
    }

    public async Task<WebhookDelivery?> ClaimDeliveryAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        await Deliveries.FindOneAndUpdateAsync(DueDelivery(now),
            Builders<WebhookDelivery>.Update.Set(d => d.NextAttemptAt, leaseUntil),
            new FindOneAndUpdateOptions<WebhookDelivery> { Sort = Builders<WebhookDelivery>.Sort.Ascending(d => d.NextAttemptAt) }, ct);

    /// <summary>Deliveries of disabled or deleted webhooks are failed or deleted with them, so a pending one belongs to an active webhook.</summary>
    public static FilterDefinition<WebhookDelivery> DueDelivery(DateTimeOffset now) =>
        Builders<WebhookDelivery>.Filter.Eq(d => d.Status, WebhookDelivery.Pending) & Builders<WebhookDelivery>.Filter.Lte(d => d.NextAttemptAt, now);

    public async Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken ct) =>
        await Deliveries.ReplaceOneAsync(d => d.Id == delivery.Id, delivery, cancellationToken: ct);

    public async Task DisableWebhookAsync(WebhookDelivery delivery, string reason, EventOutcome notice, CancellationToken ct) =>
        await storage.InTransactionAsync(async (session, token) =>
        {
            await Deliveries.ReplaceOneAsync(session, d => d.Id == delivery.Id, delivery with { Status = WebhookDelivery.Failed }, cancellationToken: token);
            var disabled = await Webhooks.UpdateOneAsync(session, w => w.Id == delivery.WebhookId && w.Status == Webhook.Active,
                Builders<Webhook>.Update.Set(w => w.Status, Webhook.Disabled).Set(w => w.DisabledAt, notice.At)
                    .Set(w => w.DisabledReason, reason).Inc(w => w.Version, 1), cancellationToken: token);
            if (disabled.ModifiedCount == 0) return false;
            await Deliveries.UpdateManyAsync(session, d => d.WebhookId == delivery.WebhookId && d.Status == WebhookDelivery.Pending,
                Builders<WebhookDelivery>.Update.Set(d => d.Status, WebhookDelivery.Failed).Set(d => d.Error, reason), cancellationToken: token);
            await Processed.InsertOneAsync(session, new ProcessedEvent(notice.EventId, notice.At), cancellationToken: token);
            await WriteOutcomeAsync(session, notice, token);
            return true;
        }, ct);

    private async Task WriteOutcomeAsync(IClientSessionHandle session, EventOutcome outcome, CancellationToken ct)
    {
        if (outcome.Notifications.Count > 0) await Notifications.InsertManyAsync(session, outcome.Notifications, cancellationToken: ct);
        if (outcome.DigestEntries.Count > 0) await Digest.InsertManyAsync(session, outcome.DigestEntries, cancellationToken: ct);
        if (outcome.Mails.Count > 0) await Mails.InsertManyAsync(session, outcome.Mails, cancellationToken: ct);
        if (outcome.Deliveries.Count > 0) await Deliveries.InsertManyAsync(session, outcome.Deliveries, cancellationToken: ct);
    }
}
