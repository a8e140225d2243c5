using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Outbox;

/// <summary>
/// The transactional outbox in a service's SQLite database: events are inserted in the same transaction
/// as the state change, and the relay publishes them afterwards, so a change is never lost or published
/// without having happened.
/// </summary>
public sealed class SqliteOutbox(SqliteDatabase database) : IOutboxStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE, message_type TEXT NOT NULL, payload TEXT NOT NULL,
          created_at TEXT NOT NULL, published_at TEXT NULL, trace_parent TEXT NULL);
        CREATE INDEX IF NOT EXISTS ix_outbox_pending ON outbox(seq) WHERE published_at IS NULL;
        """;

    public static async Task EnqueueAsync(SqliteConnection connection, SqliteTransaction tx, object message, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = connection.Command(
            "INSERT INTO outbox(id, message_type, payload, created_at, trace_parent) VALUES ($id, $type, $payload, $at, $trace)", tx,
            ("$id", Guid.CreateVersion7().ToString()), ("$type", message.GetType().FullName),
            ("$payload", JsonSerializer.Serialize(message, message.GetType(), OutboxMessageTypes.JsonOptions)),
            ("$at", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("$trace", Activity.Current?.Id));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListPendingAsync(int max, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command(
            "SELECT id, message_type, payload, created_at, trace_parent FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $max", null,
            ("$max", max));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var messages = new List<OutboxMessage>();
        while (await reader.ReadAsync(ct))
        {
            messages.Add(new OutboxMessage(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture), reader.GetNullableString(4)));
        }
        return messages;
    }

    public async Task MarkPublishedAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var stamp = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        foreach (var id in ids)
        {
            await using var command = connection.Command("UPDATE outbox SET published_at = $at WHERE id = $id", tx,
                ("$at", stamp), ("$id", id.ToString()));
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
}
