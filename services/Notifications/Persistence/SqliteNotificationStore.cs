using System.Globalization;
using System.Text.Json;
using Marketplace.Notifications.Domain;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.Notifications.Persistence;

/// <summary>
/// The embedded default store: each record as JSON beside the columns it is found by. Timestamps are
/// stored as fixed-width UTC text, so they compare as they sort.
/// </summary>
public sealed class SqliteNotificationStore(SqliteDatabase database) : INotificationStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS processed_events (event_id TEXT PRIMARY KEY, processed_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS notifications (
          id TEXT PRIMARY KEY, person_id TEXT NOT NULL, org TEXT NOT NULL, read_at TEXT, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_notifications_person ON notifications(person_id, org, id);
        CREATE TABLE IF NOT EXISTS digest_entries (
          notification_id TEXT PRIMARY KEY, person_id TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_digest_entries_person ON digest_entries(person_id, created_at);
        CREATE TABLE IF NOT EXISTS preferences (person_id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS mails (id TEXT PRIMARY KEY, sent INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_mails_due ON mails(sent, next_attempt_at);
        CREATE TABLE IF NOT EXISTS webhooks (id TEXT PRIMARY KEY, org TEXT NOT NULL, status TEXT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_webhooks_org ON webhooks(org, id);
        CREATE TABLE IF NOT EXISTS deliveries (
          id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, status TEXT NOT NULL, next_attempt_at TEXT NOT NULL, body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_deliveries_webhook ON deliveries(webhook_id, id);
        CREATE INDEX IF NOT EXISTS ix_deliveries_due ON deliveries(status, next_attempt_at);
        """;

    public async Task<bool> IsProcessedAsync(string eventId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command("SELECT 1 FROM processed_events WHERE event_id = $id", null, ("$id", eventId));
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<bool> RecordAsync(EventOutcome outcome, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using (var claim = connection.Command("INSERT INTO processed_events(event_id, processed_at) VALUES ($id, $at) ON CONFLICT DO NOTHING",
                         tx, ("$id", outcome.EventId), ("$at", Ts(outcome.At))))
        {
            if (await claim.ExecuteNonQueryAsync(ct) == 0) return false;
        }
        await WriteOutcomeAsync(connection, tx, outcome, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<Page<Notification>> ListNotificationsAsync(string personId, string org, bool unreadOnly, int pageSize, string? afterId,
        CancellationToken ct)
    {
        var rows = await QueryAsync<Notification>("""
            SELECT body FROM notifications
            WHERE person_id = $person AND org = $org AND ($unread = 0 OR read_at IS NULL) AND ($after IS NULL OR id < $after)
            ORDER BY id DESC LIMIT $limit
            """, ct, ("$person", personId), ("$org", org), ("$unread", unreadOnly ? 1 : 0), ("$after", afterId), ("$limit", pageSize + 1));
        return Page<Notification>.FromRows(rows, pageSize, n => n.Id);
    }

    public async Task<int> CountUnreadAsync(string personId, string org, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command(
            "SELECT COUNT(*) FROM notifications WHERE person_id = $person AND org = $org AND read_at IS NULL", null, ("$person", personId), ("$org", org));
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public async Task<Notification?> MarkReadAsync(string personId, string org, string id, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        var current = (await ReadAsync<Notification>(connection, null,
            "SELECT body FROM notifications WHERE id = $id AND person_id = $person AND org = $org", ct,
            ("$id", id), ("$person", personId), ("$org", org))).FirstOrDefault();
        if (current is null || current.ReadAt is not null) return current;
        var read = current with { ReadAt = at, Version = current.Version + 1 };
        await ExecuteAsync(connection, null, "UPDATE notifications SET read_at = $at, body = $body WHERE id = $id", ct,
            ("$at", Ts(at)), ("$body", Serialize(read)), ("$id", id));
        return read;
    }

    public async Task<int> MarkAllReadAsync(string personId, string org, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var unread = await ReadAsync<Notification>(connection, tx,
            "SELECT body FROM notifications WHERE person_id = $person AND org = $org AND read_at IS NULL", ct, ("$person", personId), ("$org", org));
        foreach (var n in unread)
        {
            await ExecuteAsync(connection, tx, "UPDATE notifications SET read_at = $at, body = $body WHERE id = $id", ct,
                ("$at", Ts(at)), ("$body", Serialize(n with { ReadAt = at, Version = n.Version + 1 })), ("$id", n.Id));
        }
        await tx.CommitAsync(ct);
        return unread.Count;
    }

    public async Task<Preferences?> GetPreferencesAsync(string personId, CancellationToken ct) =>
        (await QueryAsync<Preferences>("SELECT body FROM preferences WHERE person_id = $person", ct, ("$person", personId))).FirstOrDefault();

    public async Task<bool> SavePreferencesAsync(Preferences preferences, long expectedVersion, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        var sql = expectedVersion == 0
            ? "INSERT INTO preferences(person_id, version, body) VALUES ($person, $version, $body) ON CONFLICT DO NOTHING"
            : "UPDATE preferences SET version = $version, body = $body WHERE person_id = $person AND version = $expected";
        await using var command = connection.Command(sql, null, ("$person", preferences.PersonId), ("$version", preferences.Version),
            ("$body", Serialize(preferences)), ("$expected", expectedVersion));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<OutgoingMail?> ClaimMailAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        var mail = (await ReadAsync<OutgoingMail>(connection, null,
            "SELECT body FROM mails WHERE sent = 0 AND next_attempt_at <= $now ORDER BY next_attempt_at LIMIT 1", ct, ("$now", Ts(now)))).FirstOrDefault();
        if (mail is null) return null;
        await ExecuteAsync(connection, null, "UPDATE mails SET next_attempt_at = $lease WHERE id = $id", ct, ("$lease", Ts(leaseUntil)), ("$id", mail.Id));
        return mail;
    }

    public Task MarkMailSentAsync(string id, DateTimeOffset at, CancellationToken ct) =>
        UpdateMailAsync(id, m => m with { SentAt = at, Attempts = m.Attempts + 1, LastError = null }, ct);

    public Task RescheduleMailAsync(string id, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken ct) =>
        UpdateMailAsync(id, m => m with { Attempts = attempts, NextAttemptAt = nextAttemptAt, LastError = error }, ct);

    public async Task<IReadOnlyList<string>> ListDigestPeopleAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command(
            "SELECT DISTINCT person_id FROM digest_entries WHERE created_at < $cutoff ORDER BY person_id", null, ("$cutoff", Ts(cutoff)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var people = new List<string>();
        while (await reader.ReadAsync(ct)) people.Add(reader.GetString(0));
        return people;
    }

    public async Task<IReadOnlyList<DigestEntry>> ListDigestEntriesAsync(string personId, DateTimeOffset cutoff, CancellationToken ct) =>
        await QueryAsync<DigestEntry>("SELECT body FROM digest_entries WHERE person_id = $person AND created_at < $cutoff ORDER BY created_at, notification_id",
            ct, ("$person", personId), ("$cutoff", Ts(cutoff)));

    public async Task CompleteDigestAsync(IReadOnlyList<DigestEntry> entries, OutgoingMail mail, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        foreach (var entry in entries)
        {
            await ExecuteAsync(connection, tx, "DELETE FROM digest_entries WHERE notification_id = $id", ct, ("$id", entry.NotificationId));
        }
        await InsertMailAsync(connection, tx, mail, ct);
        await tx.CommitAsync(ct);
    }

    public async Task CreateWebhookAsync(Webhook webhook, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await ExecuteAsync(connection, null, "INSERT INTO webhooks(id, org, status, body) VALUES ($id, $org, $status, $body)", ct,
            ("$id", webhook.Id), ("$org", webhook.Org), ("$status", webhook.Status), ("$body", Serialize(webhook)));
    }

    public async Task<Webhook?> GetWebhookAsync(string id, CancellationToken ct) =>
        (await QueryAsync<Webhook>("SELECT body FROM webhooks WHERE id = $id", ct, ("$id", id))).FirstOrDefault();

    public async Task<Page<Webhook>> ListWebhooksAsync(string org, int pageSize, string? afterId, CancellationToken ct)
    {
        var rows = await QueryAsync<Webhook>("SELECT body FROM webhooks WHERE org = $org AND ($after IS NULL OR id > $after) ORDER BY id LIMIT $limit",
            ct, ("$org", org), ("$after", afterId), ("$limit", pageSize + 1));
        return Page<Webhook>.FromRows(rows, pageSize, w => w.Id);
    }

    public async Task<IReadOnlyList<Webhook>> ListActiveWebhooksAsync(string org, CancellationToken ct) =>
        await QueryAsync<Webhook>("SELECT body FROM webhooks WHERE org = $org AND status = 'active' ORDER BY id", ct, ("$org", org));

    public async Task<bool> DeleteWebhookAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var deleted = await ExecuteAsync(connection, tx, "DELETE FROM webhooks WHERE id = $id", ct, ("$id", id));
        await ExecuteAsync(connection, tx, "DELETE FROM deliveries WHERE webhook_id = $id", ct, ("$id", id));
        await tx.CommitAsync(ct);
        return deleted == 1;
    }

    public async Task InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await InsertDeliveryAsync(connection, null, delivery, ct);
    }

    public async Task<WebhookDelivery?> GetDeliveryAsync(string id, CancellationToken ct) =>
        (await QueryAsync<WebhookDelivery>("SELECT body FROM deliveries WHERE id = $id", ct, ("$id", id))).FirstOrDefault();

    public async Task<Page<WebhookDelivery>> ListDeliveriesAsync(string webhookId, int pageSize, string? afterId, CancellationToken ct)
    {
        var rows = await QueryAsync<WebhookDelivery>(
            "SELECT body FROM deliveries WHERE webhook_id = $webhook AND ($after IS NULL OR id < $after) ORDER BY id DESC LIMIT $limit",
            ct, ("$webhook", webhookId), ("$after", afterId), ("$limit", pageSize + 1));
        return Page<WebhookDelivery>.FromRows(rows, pageSize, d => d.Id);
    }

    public async Task<WebhookDelivery?> ClaimDeliveryAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        var delivery = (await ReadAsync<WebhookDelivery>(connection, null, """
            SELECT d.body FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= $now AND w.status = 'active'
            ORDER BY d.next_attempt_at LIMIT 1
            """, ct, ("$now", Ts(now)))).FirstOrDefault();
        if (delivery is null) return null;
        await ExecuteAsync(connection, null, "UPDATE deliveries SET next_attempt_at = $lease WHERE id = $id", ct,
            ("$lease", Ts(leaseUntil)), ("$id", delivery.Id));
        return delivery;
    }

    public async Task UpdateDeliveryAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await UpdateDeliveryAsync(connection, null, delivery, ct);
    }

    public async Task DisableWebhookAsync(WebhookDelivery delivery, string reason, EventOutcome notice, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var webhook = (await ReadAsync<Webhook>(connection, tx, "SELECT body FROM webhooks WHERE id = $id", ct, ("$id", delivery.WebhookId))).FirstOrDefault();
        await UpdateDeliveryAsync(connection, tx, delivery with { Status = WebhookDelivery.Failed }, ct);
        if (webhook is { Status: Webhook.Active })
        {
            var disabled = webhook with { Status = Webhook.Disabled, DisabledAt = notice.At, DisabledReason = reason, Version = webhook.Version + 1 };
            await ExecuteAsync(connection, tx, "UPDATE webhooks SET status = $status, body = $body WHERE id = $id", ct,
                ("$status", disabled.Status), ("$body", Serialize(disabled)), ("$id", disabled.Id));
            foreach (var pending in await ReadAsync<WebhookDelivery>(connection, tx,
                         "SELECT body FROM deliveries WHERE webhook_id = $id AND status = 'pending'", ct, ("$id", webhook.Id)))
            {
                await UpdateDeliveryAsync(connection, tx, pending with { Status = WebhookDelivery.Failed, Error = reason }, ct);
            }
            await ExecuteAsync(connection, tx, "INSERT INTO processed_events(event_id, processed_at) VALUES ($id, $at) ON CONFLICT DO NOTHING", ct,
                ("$id", notice.EventId), ("$at", Ts(notice.At)));
            await WriteOutcomeAsync(connection, tx, notice, ct);
        }
        await tx.CommitAsync(ct);
    }

    private static async Task WriteOutcomeAsync(SqliteConnection connection, SqliteTransaction tx, EventOutcome outcome, CancellationToken ct)
    {
        foreach (var n in outcome.Notifications)
        {
            await ExecuteAsync(connection, tx, "INSERT INTO notifications(id, person_id, org, read_at, body) VALUES ($id, $person, $org, NULL, $body)", ct,
                ("$id", n.Id), ("$person", n.PersonId), ("$org", n.Org), ("$body", Serialize(n)));
        }
        foreach (var e in outcome.DigestEntries)
        {
            await ExecuteAsync(connection, tx, "INSERT INTO digest_entries(notification_id, person_id, created_at, body) VALUES ($id, $person, $at, $body)", ct,
                ("$id", e.NotificationId), ("$person", e.PersonId), ("$at", Ts(e.CreatedAt)), ("$body", Serialize(e)));
        }
        foreach (var mail in outcome.Mails) await InsertMailAsync(connection, tx, mail, ct);
        foreach (var delivery in outcome.Deliveries) await InsertDeliveryAsync(connection, tx, delivery, ct);
    }

    private static Task InsertMailAsync(SqliteConnection connection, SqliteTransaction? tx, OutgoingMail mail, CancellationToken ct) =>
        ExecuteAsync(connection, tx, "INSERT INTO mails(id, sent, next_attempt_at, body) VALUES ($id, 0, $next, $body)", ct,
            ("$id", mail.Id), ("$next", Ts(mail.NextAttemptAt)), ("$body", Serialize(mail)));

    private static Task InsertDeliveryAsync(SqliteConnection connection, SqliteTransaction? tx, WebhookDelivery d, CancellationToken ct) =>
        ExecuteAsync(connection, tx, "INSERT INTO deliveries(id, webhook_id, status, next_attempt_at, body) VALUES ($id, $webhook, $status, $next, $body)", ct,
            ("$id", d.Id), ("$webhook", d.WebhookId), ("$status", d.Status), ("$next", Ts(d.NextAttemptAt)), ("$body", Serialize(d)));

    private static Task UpdateDeliveryAsync(SqliteConnection connection, SqliteTransaction? tx, WebhookDelivery d, CancellationToken ct) =>
        ExecuteAsync(connection, tx, "UPDATE deliveries SET status = $status, next_attempt_at = $next, body = $body WHERE id = $id", ct,
            ("$id", d.Id), ("$status", d.Status), ("$next", Ts(d.NextAttemptAt)), ("$body", Serialize(d)));

    private async Task UpdateMailAsync(string id, Func<OutgoingMail, OutgoingMail> change, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        var mail = (await ReadAsync<OutgoingMail>(connection, null, "SELECT body FROM mails WHERE id = $id", ct, ("$id", id))).FirstOrDefault();
        if (mail is null) return;
        var changed = change(mail);
        await ExecuteAsync(connection, null, "UPDATE mails SET sent = $sent, next_attempt_at = $next, body = $body WHERE id = $id", ct,
            ("$sent", changed.SentAt is null ? 0 : 1), ("$next", Ts(changed.NextAttemptAt)), ("$body", Serialize(changed)), ("$id", id));
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var connection = await database.OpenAsync(ct);
        return await ReadAsync<T>(connection, null, sql, ct, parameters);
    }

    private static async Task<IReadOnlyList<T>> ReadAsync<T>(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, tx, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), Json)!);
        return rows;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, tx, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>Fixed-width UTC text: compares as it sorts.</summary>
    public static string Ts(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
