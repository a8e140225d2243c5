using System.Globalization;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.Identity.Persistence;

/// <summary>Sign-ins and their redeemable tokens in the embedded SQLite file; each redemption is one transaction.</summary>
public sealed class SqliteSignInStore(SqliteDatabase database) : ISignInStore
{
    public async Task StartAsync(string signInId, string personId, string tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await ExecuteAsync(connection, "INSERT INTO sign_ins (id, person_id, started_at) VALUES ($a, $b, $c)", cancellationToken,
            signInId, personId, Format(now));
        await ExecuteAsync(connection, "INSERT INTO sign_in_tokens (id, sign_in_id) VALUES ($a, $b)", cancellationToken, tokenId, signInId);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<RedeemOutcome> RedeemAsync(string signInId, string tokenId, string nextTokenId, DateTimeOffset now, TimeSpan leeway,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.revoked_at IS NOT NULL, t.redeemed_at FROM sign_ins s JOIN sign_in_tokens t ON t.sign_in_id = s.id
            WHERE s.id = $a AND t.id = $b
            """;
        command.Parameters.AddWithValue("$a", signInId);
        command.Parameters.AddWithValue("$b", tokenId);
        bool revoked;
        DateTimeOffset? redeemedAt;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return RedeemOutcome.Revoked;
            }
            revoked = reader.GetBoolean(0);
            redeemedAt = reader.IsDBNull(1) ? null : DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
        }

        var outcome = revoked ? RedeemOutcome.Revoked
            : redeemedAt is null ? RedeemOutcome.Redeemed
            : now - redeemedAt.Value <= leeway ? RedeemOutcome.RedeemedWithinLeeway
            : RedeemOutcome.ReuseDetected;
        switch (outcome)
        {
            case RedeemOutcome.Redeemed:
                await ExecuteAsync(connection, "UPDATE sign_in_tokens SET redeemed_at = $a WHERE id = $b", cancellationToken, Format(now), tokenId);
                goto case RedeemOutcome.RedeemedWithinLeeway;
            case RedeemOutcome.RedeemedWithinLeeway:
                await ExecuteAsync(connection, "INSERT INTO sign_in_tokens (id, sign_in_id) VALUES ($a, $b)", cancellationToken, nextTokenId, signInId);
                break;
            case RedeemOutcome.ReuseDetected:
                await ExecuteAsync(connection, "UPDATE sign_ins SET revoked_at = $a WHERE id = $b", cancellationToken, Format(now), signInId);
                break;
        }
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    public async Task RevokeAsync(string signInId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE sign_ins SET revoked_at = coalesce(revoked_at, $a) WHERE id = $b", cancellationToken,
            Format(now), signInId);
    }

    public async Task RevokeAllAsync(string personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenForWriteAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE sign_ins SET revoked_at = coalesce(revoked_at, $a) WHERE person_id = $b", cancellationToken,
            Format(now), personId);
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, string a, string b, string? c = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        if (c is not null) command.Parameters.AddWithValue("$c", c);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
