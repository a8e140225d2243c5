using System.Globalization;
using Marketplace.Identity.Organisations.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.Identity.Organisations.Persistence;

/// <summary>The registry in the identity service's embedded database <c>organisations.db</c>.</summary>
public sealed class SqliteOrganisationStore(SqliteDatabase database) : IOrganisationStore
{
    public const string FileName = "organisations.db";

    public static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS organisations (
          code TEXT PRIMARY KEY, kind TEXT NOT NULL, name_es TEXT NOT NULL, name_en TEXT NOT NULL,
          iati_ref TEXT NOT NULL, iati_type TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS chair_term (
          id INTEGER PRIMARY KEY CHECK (id = 1), org TEXT NOT NULL, from_date TEXT NOT NULL, until_date TEXT);
        """ + SqliteAuditTrail.Schema;

    private const string Columns = "code, kind, name_es, name_en, iati_ref, iati_type";

    public Task InitializeAsync(CancellationToken ct) => Task.CompletedTask;

    public async Task<IReadOnlyList<Organisation>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command($"SELECT {Columns} FROM organisations ORDER BY code", null);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var organisations = new List<Organisation>();
        while (await reader.ReadAsync(ct)) organisations.Add(Read(reader));
        return organisations;
    }

    public async Task<Organisation?> GetAsync(string code, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await GetAsync(connection, null, code, ct);
    }

    public async Task<int> AddMissingAsync(IReadOnlyList<Organisation> organisations, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = connection.BeginTransaction();
        var added = 0;
        foreach (var o in organisations)
        {
            await using var command = connection.Command(
                $"INSERT INTO organisations({Columns}) VALUES ($code, $kind, $es, $en, $ref, $type) ON CONFLICT(code) DO NOTHING", tx,
                ("$code", o.Code), ("$kind", o.Kind), ("$es", o.NameEs), ("$en", o.NameEn), ("$ref", o.Iati.Ref), ("$type", o.Iati.Type));
            added += await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return added;
    }

    public async Task<Organisation?> SetIatiAsync(string code, IatiIdentifier iati, AuditEntry audit, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = connection.BeginTransaction();
        await using var command = connection.Command("UPDATE organisations SET iati_ref = $ref, iati_type = $type WHERE code = $code", tx,
            ("$code", code), ("$ref", iati.Ref), ("$type", iati.Type));
        if (await command.ExecuteNonQueryAsync(ct) == 0) return null;
        await SqliteAuditTrail.AppendAsync(connection, tx, audit, ct);
        var changed = await GetAsync(connection, tx, code, ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    public async Task<ChairTerm?> GetChairTermAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command("SELECT org, from_date, until_date FROM chair_term WHERE id = 1", null);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ChairTerm(reader.GetString(0), ParseDate(reader.GetString(1)), reader.IsDBNull(2) ? null : ParseDate(reader.GetString(2)));
    }

    public Task SetChairTermAsync(ChairTerm term, AuditEntry audit, CancellationToken ct) =>
        WriteChairTermAsync("INSERT INTO chair_term(id, org, from_date, until_date) VALUES (1, $org, $from, $until) " +
            "ON CONFLICT(id) DO UPDATE SET org = excluded.org, from_date = excluded.from_date, until_date = excluded.until_date", term, audit, ct);

    public Task<bool> SetFirstChairTermAsync(ChairTerm term, AuditEntry audit, CancellationToken ct) =>
        WriteChairTermAsync("INSERT INTO chair_term(id, org, from_date, until_date) VALUES (1, $org, $from, $until) ON CONFLICT(id) DO NOTHING",
            term, audit, ct);

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) => SqliteAuditTrail.ListAsync(database, entityId, ct);

    private async Task<bool> WriteChairTermAsync(string sql, ChairTerm term, AuditEntry audit, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var tx = connection.BeginTransaction();
        await using var command = connection.Command(sql, tx,
            ("$org", term.Org), ("$from", FormatDate(term.From)), ("$until", term.Until is { } until ? FormatDate(until) : null));
        if (await command.ExecuteNonQueryAsync(ct) == 0) return false;
        await SqliteAuditTrail.AppendAsync(connection, tx, audit, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static async Task<Organisation?> GetAsync(SqliteConnection connection, SqliteTransaction? tx, string code, CancellationToken ct)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM organisations WHERE code = $code", tx, ("$code", code));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static Organisation Read(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), new IatiIdentifier(r.GetString(4), r.GetString(5)));

    private static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
