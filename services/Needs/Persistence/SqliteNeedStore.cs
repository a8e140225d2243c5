using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Marketplace.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;
using Microsoft.Data.Sqlite;

namespace Marketplace.Needs.Persistence;

/// <summary>The embedded default store. Money is kept as integer minor units; ids sort by creation time.</summary>
public sealed class SqliteNeedStore : INeedStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteChangeWriter _writer;
    private readonly SqliteCommitmentLedger _ledger;
    private readonly TimeProvider _clock;

    public SqliteNeedStore(SqliteDatabase database, SqliteChangeWriter writer, SqliteCommitmentLedger ledger, TimeProvider clock)
    {
        (_database, _writer, _ledger, _clock) = (database, writer, ledger, clock);
        SqliteSchema.EnsureCommitSequence(database, "needs", "country", "status", "sector");
    }

    private static readonly LedgerTable Fundings = new("needs", "funded_minor", NeedStatus.PartiallyFunded, NeedStatus.Funded, "fundings");

    public static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS needs (
          id TEXT PRIMARY KEY, country TEXT NOT NULL, title TEXT NOT NULL, description TEXT NULL,
          sector TEXT NOT NULL, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, instruments TEXT NOT NULL,
          priority TEXT NOT NULL, target_population INTEGER NULL, start_date TEXT NULL, end_date TEXT NULL,
          location TEXT NULL, reference TEXT NULL, funded_minor INTEGER NOT NULL, withdrawn INTEGER NOT NULL,
          status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, version INTEGER NOT NULL,
          referral_at TEXT NULL, referral_reason TEXT NULL, referral_by TEXT NULL, last_proposal_at TEXT NULL,
          CHECK (funded_minor >= 0 AND funded_minor <= amount_minor));
        CREATE INDEX IF NOT EXISTS ix_needs_country ON needs(country, id);
        CREATE INDEX IF NOT EXISTS ix_needs_status ON needs(status, id);
        """ + SqliteOutbox.Schema + SqliteAuditTrail.Schema + Fundings.Schema;

    /// <summary>The MIRPS Fund referral columns, added to databases created before them.</summary>
    public static readonly IReadOnlyList<SqliteColumn> AddedColumns =
    [
        new("needs", "referral_at", "TEXT NULL"), new("needs", "referral_reason", "TEXT NULL"),
        new("needs", "referral_by", "TEXT NULL"), new("needs", "last_proposal_at", "TEXT NULL"),
    ];

    private const string Columns = """
        id, country, title, description, sector, amount_minor, currency, instruments, priority, target_population,
        start_date, end_date, location, reference, funded_minor, withdrawn, created_at, updated_at, version,
        referral_at, referral_reason, referral_by
        """;

    /// <summary>Written only by <see cref="RecordProposalActivityAsync"/> (never by a replace), read with the rest.</summary>
    private const string ReadColumns = Columns + ", last_proposal_at";

    /// <summary>The position of <c>seq</c> after <see cref="ReadColumns"/>.</summary>
    private static readonly int ColumnCount = ColumnNames().Count() + 1;

    private static readonly string Parameters = string.Join(", ", ColumnNames().Select(c => "$" + c));
    private static readonly string Assignments = string.Join(", ", ColumnNames().Where(c => c != "id").Select(c => $"{c} = ${c}"));

    public async Task InsertAsync(NeedChange change, CancellationToken ct) =>
        await WriteAsync(change, $"INSERT INTO needs({Columns}, status) VALUES ({Parameters}, $status)", null, ct);

    public Task<bool> ReplaceAsync(NeedChange change, long expectedVersion, CancellationToken ct) =>
        WriteAsync(change, $"UPDATE needs SET {Assignments}, status = $status WHERE id = $id AND version = $expected", expectedVersion, ct);

    private Task<bool> WriteAsync(NeedChange change, string sql, long? expectedVersion, CancellationToken ct) =>
        _writer.WriteAsync(sql, [.. Bind(change.Need), ("$expected", expectedVersion ?? 0)], change.Event, change.Audit, ct);

    public Task<bool> ReferIfDueAsync(NeedChange change, long expectedVersion, DateTimeOffset cutoff, CancellationToken ct) =>
        _writer.WriteAsync($"""
            UPDATE needs SET {Assignments}, status = $status
            WHERE id = $id AND version = $expected AND referral_at IS NULL AND status IN ('open', 'partially-funded')
              AND created_at <= $cutoff AND (last_proposal_at IS NULL OR last_proposal_at <= $cutoff)
            """, [.. Bind(change.Need), ("$expected", expectedVersion), ("$cutoff", Timestamp(cutoff))], change.Event, change.Audit, ct);

    public async Task<IReadOnlyList<Need>> ListDueForReferralAsync(DateTimeOffset cutoff, int limit, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command($"""
            SELECT {ReadColumns} FROM needs
            WHERE status IN ('open', 'partially-funded') AND referral_at IS NULL
              AND created_at <= $cutoff AND (last_proposal_at IS NULL OR last_proposal_at <= $cutoff)
            ORDER BY id LIMIT $limit
            """, null, ("$cutoff", Timestamp(cutoff)), ("$limit", limit));
        var rows = new List<Need>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(Read(reader));
        return rows;
    }

    public async Task RecordProposalActivityAsync(IReadOnlyCollection<string> needIds, DateTimeOffset at, CancellationToken ct)
    {
        if (needIds.Count == 0) return;
        await using var connection = await _database.OpenForWriteAsync(ct);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = connection.Command(
            "UPDATE needs SET last_proposal_at = $at WHERE id = $id AND (last_proposal_at IS NULL OR last_proposal_at < $at)", tx,
            ("$at", Timestamp(at)), ("$id", ""));
        foreach (var id in needIds)
        {
            command.Parameters["$id"].Value = id;
            await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task<Need?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command($"SELECT {ReadColumns} FROM needs WHERE id = $id", null, ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<Page<Need>> ListAsync(NeedFilter filter, int pageSize, string? after, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command($"""
            SELECT {ReadColumns}, seq FROM needs
            WHERE ($country IS NULL OR country = $country) AND ($sector IS NULL OR sector = $sector)
              AND ($status IS NULL OR status = $status) AND ($after IS NULL OR seq > $after)
            ORDER BY seq LIMIT $limit
            """, null,
            ("$country", filter.Country), ("$sector", filter.Sector), ("$status", filter.Status), ("$after", PageToken.Sequence(after)),
            ("$limit", pageSize + 1));
        var rows = new List<(Need, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add((Read(reader), reader.GetInt64(ColumnCount)));
        return Page<Need>.FromRows(rows, pageSize);
    }

    public async IAsyncEnumerable<Need> StreamAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command(
            $"SELECT {ReadColumns} FROM needs ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Read(reader);
    }

    public Task<CommitmentResult> CommitFundingAsync(string matchId, string needId, Money amount, Caller decidedBy, CancellationToken ct) =>
        _ledger.CommitAsync(Fundings, matchId, needId, amount.Minor, amount.Currency, _clock.GetUtcNow(),
            (connection, tx, action) => DescribeFundingAsync(connection, tx, needId, matchId, amount, decidedBy, action, ct), ct);

    public Task<CommitmentResult> ReleaseFundingAsync(string matchId, string needId, Money? keep, Caller decidedBy, CancellationToken ct) =>
        _ledger.ReleaseAsync(Fundings, matchId, needId, keep?.Minor ?? 0, _clock.GetUtcNow(),
            (connection, tx, action) => DescribeFundingAsync(connection, tx, needId, matchId, null, decidedBy, action, ct), ct);

    private async Task<(object Event, AuditEntry Audit)> DescribeFundingAsync(SqliteConnection connection, SqliteTransaction tx,
        string needId, string matchId, Money? amount, Caller decidedBy, string action, CancellationToken ct)
    {
        await using var command = connection.Command($"SELECT {ReadColumns} FROM needs WHERE id = $id", tx, ("$id", needId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var need = Read(reader);
        var details = new System.Text.Json.Nodes.JsonObject
        {
            ["matchId"] = matchId,
            ["amount"] = amount is { } a ? MoneyJson.From(a) : null,
            ["funded"] = MoneyJson.From(need.Funded),
            ["status"] = need.Status,
        };
        var audit = AuditEntry.By(decidedBy, need.UpdatedAt, $"need.funding-{action}", needId, details);
        return (new Contracts.NeedFundingChanged(need.ToSnapshot()), audit);
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) =>
        SqliteAuditTrail.ListAsync(_database, entityId, ct);

    private static IEnumerable<string> ColumnNames() => Columns.Split(',').Select(c => c.Trim());

    private static (string, object?)[] Bind(Need n) =>
    [
        ("$id", n.Id), ("$country", n.Fields.Country), ("$title", n.Fields.Title), ("$description", n.Fields.Description),
        ("$sector", n.Fields.Sector), ("$amount_minor", n.Fields.Amount.Minor), ("$currency", n.Fields.Amount.Currency),
        ("$instruments", JsonSerializer.Serialize(n.Fields.Instruments)), ("$priority", n.Fields.Priority),
        ("$target_population", n.Fields.TargetPopulation), ("$start_date", n.Fields.StartDate?.ToString("yyyy-MM-dd")),
        ("$end_date", n.Fields.EndDate?.ToString("yyyy-MM-dd")), ("$location", n.Fields.Location),
        ("$reference", n.Fields.Reference), ("$funded_minor", n.FundedMinor), ("$withdrawn", n.Withdrawn ? 1 : 0),
        ("$status", n.Status), ("$created_at", Timestamp(n.CreatedAt)), ("$updated_at", Timestamp(n.UpdatedAt)),
        ("$version", n.Version), ("$referral_at", n.Referral is { } r ? Timestamp(r.At) : null),
        ("$referral_reason", n.Referral?.Reason), ("$referral_by", n.Referral?.By),
    ];

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static DateOnly? Date(SqliteDataReader r, int i) =>
        r.GetNullableString(i) is { } s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static Need Read(SqliteDataReader r)
    {
        var currency = r.GetString(6);
        var fields = new NeedDraft(r.GetString(1), r.GetString(2), r.GetNullableString(3), r.GetString(4),
            new Money(r.GetInt64(5), currency), JsonSerializer.Deserialize<List<string>>(r.GetString(7))!, r.GetString(8),
            r.GetNullableInt64(9), Date(r, 10), Date(r, 11), r.GetNullableString(12), r.GetNullableString(13));
        var referral = r.GetNullableString(19) is { } at
            ? new NeedReferral(Instant(at), r.GetString(20), r.GetString(21))
            : null;
        return new Need(r.GetString(0), fields, r.GetInt64(14), r.GetInt64(15) == 1, Instant(r.GetString(16)), Instant(r.GetString(17)),
            r.GetInt64(18), referral, r.GetNullableString(22) is { } last ? Instant(last) : null);
    }
}
