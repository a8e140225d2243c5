using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Marketplace.Contracts;
using Marketplace.Pledges.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;
using Microsoft.Data.Sqlite;

namespace Marketplace.Pledges.Persistence;

/// <summary>The embedded default store. Money is kept as integer minor units; ids sort by creation time.</summary>
public sealed class SqlitePledgeStore : IPledgeStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteChangeWriter _writer;
    private readonly SqliteCommitmentLedger _ledger;
    private readonly TimeProvider _clock;

    public SqlitePledgeStore(SqliteDatabase database, SqliteChangeWriter writer, SqliteCommitmentLedger ledger, TimeProvider clock)
    {
        (_database, _writer, _ledger, _clock) = (database, writer, ledger, clock);
        SqliteSchema.EnsureCommitSequence(database, "pledges", "donor", "status", "instrument");
    }

    private static readonly LedgerTable Allocations = new("pledges", "allocated_minor", PledgeStatus.PartiallyAllocated, PledgeStatus.FullyAllocated, "allocations");

    public static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS pledges (
          id TEXT PRIMARY KEY, donor TEXT NOT NULL, title TEXT NOT NULL, description TEXT NULL,
          amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, instrument TEXT NOT NULL, countries TEXT NOT NULL,
          sectors TEXT NOT NULL, min_allocation_minor INTEGER NULL, max_allocation_minor INTEGER NULL,
          available_from TEXT NULL, available_until TEXT NULL, conditions TEXT NULL, allocated_minor INTEGER NOT NULL,
          withdrawn INTEGER NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
          version INTEGER NOT NULL,
          CHECK (allocated_minor >= 0 AND allocated_minor <= amount_minor));
        CREATE INDEX IF NOT EXISTS ix_pledges_donor ON pledges(donor, id);
        CREATE INDEX IF NOT EXISTS ix_pledges_status ON pledges(status, id);
        """ + SqliteOutbox.Schema + SqliteAuditTrail.Schema + Allocations.Schema;

    private const string Columns = """
        id, donor, title, description, amount_minor, currency, instrument, countries, sectors, min_allocation_minor,
        max_allocation_minor, available_from, available_until, conditions, allocated_minor, withdrawn, created_at,
        updated_at, version
        """;

    private static readonly int ColumnCount = ColumnNames().Count();
    private static readonly string Parameters = string.Join(", ", ColumnNames().Select(c => "$" + c));
    private static readonly string Assignments = string.Join(", ", ColumnNames().Where(c => c != "id").Select(c => $"{c} = ${c}"));

    public async Task InsertAsync(PledgeChange change, CancellationToken ct) =>
        await WriteAsync(change, $"INSERT INTO pledges({Columns}, status) VALUES ({Parameters}, $status)", null, ct);

    public Task<bool> ReplaceAsync(PledgeChange change, long expectedVersion, CancellationToken ct) =>
        WriteAsync(change, $"UPDATE pledges SET {Assignments}, status = $status WHERE id = $id AND version = $expected", expectedVersion, ct);

    private Task<bool> WriteAsync(PledgeChange change, string sql, long? expectedVersion, CancellationToken ct) =>
        _writer.WriteAsync(sql, [.. Bind(change.Pledge), ("$expected", expectedVersion ?? 0)], change.Event, change.Audit, ct);

    public async Task<Pledge?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command($"SELECT {Columns} FROM pledges WHERE id = $id", null, ("$id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>Country and sector filters select pledges that can fund them: earmarked for them, or not earmarked.</summary>
    public async Task<Page<Pledge>> ListAsync(PledgeFilter filter, int pageSize, string? after, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command($"""
            SELECT {Columns}, seq FROM pledges
            WHERE ($donor IS NULL OR donor = $donor) AND ($instrument IS NULL OR instrument = $instrument)
              AND ($status IS NULL OR status = $status) AND ($after IS NULL OR seq > $after)
              AND ($country IS NULL OR countries = '[]' OR EXISTS (SELECT 1 FROM json_each(countries) WHERE value = $country))
              AND ($sector IS NULL OR sectors = '[]' OR EXISTS (SELECT 1 FROM json_each(sectors) WHERE value = $sector))
            ORDER BY seq LIMIT $limit
            """, null,
            ("$donor", filter.Donor), ("$instrument", filter.Instrument), ("$status", filter.Status), ("$after", PageToken.Sequence(after)),
            ("$country", filter.Country), ("$sector", filter.Sector), ("$limit", pageSize + 1));
        var rows = new List<(Pledge, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add((Read(reader), reader.GetInt64(ColumnCount)));
        return Page<Pledge>.FromRows(rows, pageSize);
    }

    public async IAsyncEnumerable<Pledge> StreamAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM pledges ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return Read(reader);
    }

    public Task<CommitmentResult> ReserveAllocationAsync(string matchId, string pledgeId, Money amount, Caller decidedBy, CancellationToken ct) =>
        _ledger.CommitAsync(Allocations, matchId, pledgeId, amount.Minor, amount.Currency, _clock.GetUtcNow(),
            (connection, tx, action) => DescribeAllocationAsync(connection, tx, pledgeId, matchId, amount, decidedBy, action, ct), ct);

    public Task<CommitmentResult> ReleaseAllocationAsync(string matchId, string pledgeId, Money? keep, Caller decidedBy, CancellationToken ct) =>
        _ledger.ReleaseAsync(Allocations, matchId, pledgeId, keep?.Minor ?? 0, _clock.GetUtcNow(),
            (connection, tx, action) => DescribeAllocationAsync(connection, tx, pledgeId, matchId, null, decidedBy, action, ct), ct);

    private async Task<(object Event, AuditEntry Audit)> DescribeAllocationAsync(SqliteConnection connection, SqliteTransaction tx,
        string pledgeId, string matchId, Money? amount, Caller decidedBy, string action, CancellationToken ct)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM pledges WHERE id = $id", tx, ("$id", pledgeId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var pledge = Read(reader);
        var details = new System.Text.Json.Nodes.JsonObject
        {
            ["matchId"] = matchId,
            ["amount"] = amount is { } a ? MoneyJson.From(a) : null,
            ["allocated"] = MoneyJson.From(pledge.Allocated),
            ["status"] = pledge.Status,
        };
        var audit = AuditEntry.By(decidedBy, pledge.UpdatedAt, $"pledge.allocation-{action}", pledgeId, details);
        return (new Contracts.PledgeAllocationChanged(pledge.ToSnapshot()), audit);
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) =>
        SqliteAuditTrail.ListAsync(_database, entityId, ct);

    private static IEnumerable<string> ColumnNames() => Columns.Split(',').Select(c => c.Trim());

    private static (string, object?)[] Bind(Pledge p) =>
    [
        ("$id", p.Id), ("$donor", p.Donor), ("$title", p.Fields.Title), ("$description", p.Fields.Description),
        ("$amount_minor", p.Fields.Amount.Minor), ("$currency", p.Fields.Amount.Currency), ("$instrument", p.Fields.Instrument),
        ("$countries", JsonSerializer.Serialize(p.Fields.Countries)), ("$sectors", JsonSerializer.Serialize(p.Fields.Sectors)),
        ("$min_allocation_minor", p.Fields.MinAllocation?.Minor), ("$max_allocation_minor", p.Fields.MaxAllocation?.Minor),
        ("$available_from", p.Fields.AvailableFrom?.ToString("yyyy-MM-dd")),
        ("$available_until", p.Fields.AvailableUntil?.ToString("yyyy-MM-dd")), ("$conditions", p.Fields.Conditions),
        ("$allocated_minor", p.AllocatedMinor), ("$withdrawn", p.Withdrawn ? 1 : 0), ("$status", p.Status),
        ("$created_at", Timestamp(p.CreatedAt)), ("$updated_at", Timestamp(p.UpdatedAt)), ("$version", p.Version),
    ];

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateOnly? Date(SqliteDataReader r, int i) =>
        r.GetNullableString(i) is { } s ? DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    private static Pledge Read(SqliteDataReader r)
    {
        var currency = r.GetString(5);
        Money? Optional(int i) => r.GetNullableInt64(i) is { } minor ? new Money(minor, currency) : null;
        var fields = new PledgeDraft(r.GetString(2), r.GetNullableString(3), new Money(r.GetInt64(4), currency), r.GetString(6),
            JsonSerializer.Deserialize<List<string>>(r.GetString(7))!, JsonSerializer.Deserialize<List<string>>(r.GetString(8))!,
            Optional(9), Optional(10), Date(r, 11), Date(r, 12), r.GetNullableString(13));
        return new Pledge(r.GetString(0), r.GetString(1), fields, r.GetInt64(14), r.GetInt64(15) == 1,
            DateTimeOffset.Parse(r.GetString(16), CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(r.GetString(17), CultureInfo.InvariantCulture), r.GetInt64(18));
    }
}
