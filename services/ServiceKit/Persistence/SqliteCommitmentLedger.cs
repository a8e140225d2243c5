using System.Globalization;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Commits and releases amounts against a capacity, idempotently by match id, in one write transaction
/// each. The invariant used ≤ amount is enforced by the conditional UPDATE itself, so concurrent
/// approvals can never over-commit, and the ledger row makes a repeated call count once.
/// </summary>
public sealed class SqliteCommitmentLedger(SqliteDatabase database, OutboxSignal signal)
{
    /// <summary>Builds the event and audit entry from the entity's state after the change, inside the transaction.</summary>
    public delegate Task<(object Event, AuditEntry Audit)> Describe(SqliteConnection connection, SqliteTransaction tx, string action);

    public async Task<CommitmentResult> CommitAsync(LedgerTable t, string matchId, string entityId, long amountMinor, string currency,
        DateTimeOffset now, Describe describe, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var state = await ScalarAsync<string>(connection, tx, $"SELECT state FROM {t.Ledger} WHERE match_id = $m", ct, ("$m", matchId));
        if (state == "committed") return CommitmentResult.AlreadyApplied;
        if (state == "released") return CommitmentResult.RefusedAfterRelease;

        await using (var read = connection.Command($"SELECT currency, withdrawn, amount_minor, {t.UsedColumn} FROM {t.EntityTable} WHERE id = $id", tx, ("$id", entityId)))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct)) return CommitmentResult.NotFound;
            if (reader.GetString(0) != currency) return CommitmentResult.CurrencyMismatch;
            if (reader.GetInt64(1) == 1) return CommitmentResult.Withdrawn;
            if (reader.GetInt64(3) + amountMinor > reader.GetInt64(2)) return CommitmentResult.WouldExceed;
        }
        await using (var update = connection.Command($"""
            UPDATE {t.EntityTable} SET {t.UsedColumn} = {t.UsedColumn} + $x, version = version + 1, updated_at = $now,
              status = CASE WHEN {t.UsedColumn} + $x >= amount_minor THEN '{t.FullStatus}' ELSE '{t.PartialStatus}' END
            WHERE id = $id AND withdrawn = 0 AND {t.UsedColumn} + $x <= amount_minor
            """, tx, ("$x", amountMinor), ("$now", Timestamp(now)), ("$id", entityId)))
        {
            if (await update.ExecuteNonQueryAsync(ct) != 1) return CommitmentResult.WouldExceed;
        }
        await WriteLedgerAsync(connection, tx, t, matchId, entityId, amountMinor, "committed", now, ct);
        await FinishAsync(connection, tx, describe, "committed", ct);
        return CommitmentResult.Applied;
    }

    /// <summary>
    /// Releases the match's commitment except <paramref name="keepMinor"/>, which stays counted (the money of
    /// a cancelled flow that was already disbursed); 0 releases everything. Once per match: a later release
    /// of the same match changes nothing.
    /// </summary>
    public async Task<CommitmentResult> ReleaseAsync(LedgerTable t, string matchId, string entityId, long keepMinor, DateTimeOffset now,
        Describe describe, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var state = await ScalarAsync<string>(connection, tx, $"SELECT state FROM {t.Ledger} WHERE match_id = $m", ct, ("$m", matchId));
        if (state == "released") return CommitmentResult.Released;
        if (state is null)
        {
            await WriteLedgerAsync(connection, tx, t, matchId, entityId, 0, "released", now, ct);
            await tx.CommitAsync(ct);
            return CommitmentResult.Released;
        }
        var committedMinor = await ScalarAsync<long>(connection, tx, $"SELECT amount_minor FROM {t.Ledger} WHERE match_id = $m", ct, ("$m", matchId));
        if (keepMinor < 0 || keepMinor > committedMinor) return CommitmentResult.KeepExceedsCommitment;
        var amountMinor = committedMinor - keepMinor;
        await using (var update = connection.Command($"""
            UPDATE {t.EntityTable} SET {t.UsedColumn} = {t.UsedColumn} - $x, version = version + 1, updated_at = $now,
              status = CASE WHEN withdrawn = 1 THEN status WHEN {t.UsedColumn} - $x <= 0 THEN 'open' ELSE '{t.PartialStatus}' END
            WHERE id = $id
            """, tx, ("$x", amountMinor), ("$now", Timestamp(now)), ("$id", entityId)))
        {
            await update.ExecuteNonQueryAsync(ct);
        }
        await using (var mark = connection.Command($"UPDATE {t.Ledger} SET state = 'released', amount_minor = $keep, at = $now WHERE match_id = $m", tx,
            ("$keep", keepMinor), ("$now", Timestamp(now)), ("$m", matchId)))
        {
            await mark.ExecuteNonQueryAsync(ct);
        }
        await FinishAsync(connection, tx, describe, "released", ct);
        return CommitmentResult.Released;
    }

    private async Task FinishAsync(SqliteConnection connection, SqliteTransaction tx, Describe describe, string action, CancellationToken ct)
    {
        var (@event, audit) = await describe(connection, tx, action);
        await SqliteOutbox.EnqueueAsync(connection, tx, @event, audit.At, ct);
        await SqliteAuditTrail.AppendAsync(connection, tx, audit, ct);
        await tx.CommitAsync(ct);
        signal.Notify();
    }

    private static async Task WriteLedgerAsync(SqliteConnection connection, SqliteTransaction tx, LedgerTable t, string matchId,
        string entityId, long amountMinor, string state, DateTimeOffset now, CancellationToken ct)
    {
        await using var insert = connection.Command(
            $"INSERT INTO {t.Ledger}(match_id, entity_id, amount_minor, state, at) VALUES ($m, $e, $x, $s, $at)", tx,
            ("$m", matchId), ("$e", entityId), ("$x", amountMinor), ("$s", state), ("$at", Timestamp(now)));
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T?> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction tx, string sql, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, tx, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
