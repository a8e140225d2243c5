using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Audit;

/// <summary>
/// The audit table of a service's embedded database. Entries are appended in the same transaction as
/// the change they describe, so the trail can never disagree with the data.
/// </summary>
public static class SqliteAuditTrail
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS audit (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          at TEXT NOT NULL, actor TEXT NOT NULL, actor_name TEXT NOT NULL DEFAULT '', org TEXT NOT NULL,
          action TEXT NOT NULL, entity_id TEXT NOT NULL, details TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_audit_entity ON audit(entity_id, seq);
        """;

    /// <summary>
    /// Brings an audit table created before <c>actor_name</c> existed up to date (SQLite has no
    /// <c>ADD COLUMN IF NOT EXISTS</c>); its old rows read the actor as their name.
    /// </summary>
    public static void Upgrade(SqliteConnection connection)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'actor_name'";
        using var hasTable = connection.CreateCommand();
        hasTable.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit'";
        if ((long)hasTable.ExecuteScalar()! == 0 || (long)probe.ExecuteScalar()! > 0) return;
        using var alter = connection.CreateCommand();
        alter.CommandText = "ALTER TABLE audit ADD COLUMN actor_name TEXT NOT NULL DEFAULT ''";
        alter.ExecuteNonQuery();
    }

    public static async Task AppendAsync(SqliteConnection connection, SqliteTransaction tx, AuditEntry entry, CancellationToken ct)
    {
        await using var command = connection.Command(
            "INSERT INTO audit(at, actor, actor_name, org, action, entity_id, details) VALUES ($at, $actor, $name, $org, $action, $entity, $details)", tx,
            ("$at", entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("$actor", entry.Actor), ("$name", entry.ActorName), ("$org", entry.Org),
            ("$action", entry.Action), ("$entity", entry.EntityId), ("$details", entry.Details.ToJsonString()));
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<AuditEntry>> ListAsync(SqliteDatabase database, string entityId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command(
            "SELECT at, actor, actor_name, org, action, entity_id, details FROM audit WHERE entity_id = $entity ORDER BY seq", null,
            ("$entity", entityId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new AuditEntry(
                DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetString(1),
                reader.GetString(2) is { Length: > 0 } name ? name : reader.GetString(1),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), JsonNode.Parse(reader.GetString(6))!.AsObject()));
        }
        return entries;
    }
}
