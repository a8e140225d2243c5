using System.Globalization;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Idempotency;

/// <summary>
/// Idempotency keys in the service's embedded database. A claim is one write transaction (SQLite has a
/// single writer), so two concurrent requests with the same key can never both claim it. Expired keys are
/// deleted by the claims that pass by.
/// </summary>
public sealed class SqliteIdempotencyStore(SqliteDatabase database) : IIdempotencyStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS idempotency_keys (
          key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, locked_until TEXT NOT NULL,
          expires_at TEXT NOT NULL, status INTEGER NULL, content_type TEXT NULL, location TEXT NULL, etag TEXT NULL, body BLOB NULL);
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_expires ON idempotency_keys(expires_at);
        """;

    private const string InProgress = "in-progress";
    private const string Completed = "completed";

    public async Task<IdempotencyClaim> ClaimAsync(string key, string fingerprint, DateTimeOffset now, DateTimeOffset lockedUntil,
        CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using (var purge = connection.Command("DELETE FROM idempotency_keys WHERE expires_at < $now", tx, ("$now", Timestamp(now))))
        {
            await purge.ExecuteNonQueryAsync(ct);
        }
        await using (var read = connection.Command(
            "SELECT fingerprint, state, locked_until, status, content_type, location, etag, body FROM idempotency_keys WHERE key = $key", tx,
            ("$key", key)))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                var sameBody = reader.GetString(0) == fingerprint;
                var state = reader.GetString(1);
                if (!sameBody && (state == Completed || Parse(reader.GetString(2)) > now)) return new(ClaimOutcome.Mismatch);
                if (state == Completed)
                {
                    return new(ClaimOutcome.Replay, new StoredResponse(reader.GetInt32(3), reader.GetNullableString(4),
                        reader.GetNullableString(5), reader.GetNullableString(6), (byte[])reader.GetValue(7)));
                }
                if (Parse(reader.GetString(2)) > now) return new(ClaimOutcome.InProgress);
            }
        }
        // No key, or an abandoned claim (its request crashed): this request takes it.
        await using (var claim = connection.Command("""
            INSERT INTO idempotency_keys(key, fingerprint, state, locked_until, expires_at) VALUES ($key, $fingerprint, $state, $locked, $locked)
            ON CONFLICT(key) DO UPDATE SET fingerprint = excluded.fingerprint, state = excluded.state,
              locked_until = excluded.locked_until, expires_at = excluded.expires_at
            """, tx, ("$key", key), ("$fingerprint", fingerprint), ("$state", InProgress), ("$locked", Timestamp(lockedUntil))))
        {
            await claim.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new(ClaimOutcome.Claimed);
    }

    public async Task CompleteAsync(string key, StoredResponse response, DateTimeOffset expiresAt, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var command = connection.Command("""
            UPDATE idempotency_keys SET state = $state, expires_at = $expires, status = $status, content_type = $type,
              location = $location, etag = $etag, body = $body
            WHERE key = $key AND state = $claimed
            """, null, ("$state", Completed), ("$claimed", InProgress), ("$expires", Timestamp(expiresAt)), ("$status", response.Status),
            ("$type", response.ContentType), ("$location", response.Location), ("$etag", response.ETag), ("$body", response.Body), ("$key", key));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ReleaseAsync(string key, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var command = connection.Command("DELETE FROM idempotency_keys WHERE key = $key AND state = $state", null,
            ("$key", key), ("$state", InProgress));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string at) => DateTimeOffset.Parse(at, CultureInfo.InvariantCulture);
}
