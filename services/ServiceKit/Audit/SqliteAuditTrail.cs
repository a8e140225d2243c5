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
          at TEXT NOT NULL, actor TEXT NOT NULL, org TEXT NOT NULL,
          action TEXT NOT NULL, entity_id TEXT NOT NULL, details TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_audit_entity ON audit(entity_id, seq);
        """;

    public static async Task AppendAsync(SqliteConnection connection, SqliteTransaction tx, AuditEntry entry, CancellationToken ct)
    {
        await using var command = connection.Command(
            "INSERT INTO audit(at, actor, org, action, entity_id, details) VALUES ($at, $actor, $org, $action, $entity, $details)", tx,
            ("$at", entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("$actor", entry.Actor), ("$org", entry.Org),
            ("$action", entry.Action), ("$entity", entry.EntityId), ("$details", entry.Details.ToJsonString()));
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<AuditEntry>> ListAsync(SqliteDatabase database, string entityId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command(
            "SELECT at, actor, org, action, entity_id, details FROM audit WHERE entity_id = $entity ORDER BY seq", null,
            ("$entity", entityId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new AuditEntry(
                DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), JsonNode.Parse(reader.GetString(5))!.AsObject()));
        }
        return entries;
    }
}
