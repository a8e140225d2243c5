using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Writes a state change, its event (outbox) and its audit entry in one SQLite transaction, then wakes
/// the outbox relay. The state statement must affect exactly one row, otherwise nothing is written:
/// that is how conditional updates (version checks, allocation bounds) refuse a change.
/// </summary>
public sealed class SqliteChangeWriter(SqliteDatabase database, OutboxSignal signal)
{
    public async Task<bool> WriteAsync(string sql, (string, object?)[] parameters, object @event, AuditEntry audit, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using (var command = connection.Command(sql, tx, parameters))
        {
            if (await command.ExecuteNonQueryAsync(ct) != 1) return false;
        }
        await SqliteOutbox.EnqueueAsync(connection, tx, @event, audit.At, ct);
        await SqliteAuditTrail.AppendAsync(connection, tx, audit, ct);
        await tx.CommitAsync(ct);
        signal.Notify();
        return true;
    }
}
