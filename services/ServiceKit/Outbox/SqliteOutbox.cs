using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// The transactional outbox in a service's SQLite database: events are inserted in the same transaction
/// as the state change, and the relay publishes them afterwards, so a change is never lost or published
/// without having happened. <c>seq</c> is assigned in the writing transaction and SQLite has one writer,
/// so it follows commit order. Claims lease rows exactly as the MongoDB outbox does (<see cref="IOutboxStore"/>).
/// </summary>
public sealed class SqliteOutbox(SqliteDatabase database, TimeProvider clock) : IOutboxStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE, message_type TEXT NOT NULL, payload TEXT NOT NULL,
          created_at TEXT NOT NULL, published_at TEXT NULL, trace_parent TEXT NULL, lease_until TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_outbox_pending ON outbox(seq) WHERE published_at IS NULL;
        """;

    public static async Task EnqueueAsync(SqliteConnection connection, SqliteTransaction tx, object message, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = connection.Command(
            "INSERT INTO outbox(id, message_type, payload, created_at, trace_parent) VALUES ($id, $type, $payload, $at, $trace)", tx,
            ("$id", Guid.CreateVersion7().ToString()), ("$type", message.GetType().FullName),
            ("$payload", JsonSerializer.Serialize(message, message.GetType(), OutboxMessageTypes.JsonOptions)),
            ("$at", Timestamp(now)), ("$trace", Activity.Current?.Id));
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Adds the lease column to an outbox created before claims existed.</summary>
    public static void Upgrade(SqliteConnection connection)
    {
        using var hasTable = connection.Command("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'");
        if ((long)hasTable.ExecuteScalar()! == 0) return;
        SqliteSchema.AddColumnIfMissing(connection, null, "outbox", "lease_until", "TEXT NULL");
    }

    /// <summary>Claims the batch in one statement of the single writer, so two claims never share an entry.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListPendingAsync(int max, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var command = connection.Command("""
            UPDATE outbox SET lease_until = $until
            WHERE seq IN (SELECT seq FROM outbox WHERE published_at IS NULL AND (lease_until IS NULL OR lease_until < $now) ORDER BY seq LIMIT $max)
            RETURNING seq, id, message_type, payload, created_at, trace_parent
            """, null, ("$until", Timestamp(now + IOutboxStore.LeaseDuration)), ("$now", Timestamp(now)), ("$max", max));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var messages = new List<(long Seq, OutboxMessage Message)>();
        while (await reader.ReadAsync(ct))
        {
            messages.Add((reader.GetInt64(0), new OutboxMessage(Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetNullableString(5))));
        }
        // RETURNING yields rows in no promised order.
        return [.. messages.OrderBy(m => m.Seq).Select(m => m.Message)];
    }

    public Task ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        UpdateEachAsync("UPDATE outbox SET lease_until = NULL WHERE id = $id AND published_at IS NULL", ids, null, ct);

    public Task MarkPublishedAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset at, CancellationToken ct) =>
        UpdateEachAsync("UPDATE outbox SET published_at = $at, lease_until = NULL WHERE id = $id", ids, Timestamp(at), ct);

    private async Task UpdateEachAsync(string sql, IReadOnlyCollection<Guid> ids, string? at, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        foreach (var id in ids)
        {
            await using var command = connection.Command(sql, tx, ("$at", at), ("$id", id.ToString()));
            await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<(int Pending, DateTimeOffset? OldestCreatedAt)> GetBacklogAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE published_at IS NULL");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var oldest = reader.GetNullableString(1);
        return (reader.GetInt32(0), oldest is null ? null : DateTimeOffset.Parse(oldest, CultureInfo.InvariantCulture));
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
