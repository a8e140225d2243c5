using System.Text.Json;
using Marketplace.Flows.Domain;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.Flows.Persistence;

/// <summary>
/// The embedded default store: one row per flow with the filterable columns beside the whole flow as JSON
/// (<see cref="FlowDocument"/>). <c>match_id</c> is unique, so a redelivered approval inserts nothing;
/// every replace is conditional on the version, so a step decided on a stale flow writes nothing.
/// </summary>
public sealed class SqliteFlowStore : IFlowStore
{
    private readonly SqliteDatabase _database;
    private readonly SqliteChangeWriter _writer;

    public SqliteFlowStore(SqliteDatabase database, SqliteChangeWriter writer)
    {
        (_database, _writer) = (database, writer);
        SqliteSchema.EnsureCommitSequence(database, "flows", "country", "donor", "need_id", "pledge_id", "status");
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly string Schema = """
        CREATE TABLE IF NOT EXISTS flows (
          id TEXT PRIMARY KEY, match_id TEXT NOT NULL UNIQUE, need_id TEXT NOT NULL, pledge_id TEXT NOT NULL,
          country TEXT NOT NULL, donor TEXT NOT NULL, status TEXT NOT NULL, release_pending INTEGER NOT NULL,
          committed_minor INTEGER NOT NULL, disbursed_minor INTEGER NOT NULL, approved_minor INTEGER NOT NULL,
          version INTEGER NOT NULL, body TEXT NOT NULL,
          CHECK (committed_minor <= approved_minor AND disbursed_minor <= committed_minor));
        CREATE INDEX IF NOT EXISTS ix_flows_country ON flows(country, id);
        CREATE INDEX IF NOT EXISTS ix_flows_donor ON flows(donor, id);
        CREATE INDEX IF NOT EXISTS ix_flows_need ON flows(need_id, id);
        CREATE INDEX IF NOT EXISTS ix_flows_pledge ON flows(pledge_id, id);
        CREATE INDEX IF NOT EXISTS ix_flows_release_pending ON flows(release_pending, id);
        """ + SqliteOutbox.Schema + SqliteAuditTrail.Schema;

    private const string Columns =
        "id, match_id, need_id, pledge_id, country, donor, status, release_pending, committed_minor, disbursed_minor, approved_minor, version, body";

    public Task<bool> InsertAsync(FlowChange change, CancellationToken ct) =>
        _writer.WriteAsync($"""
            INSERT INTO flows({Columns})
            VALUES ($id, $match_id, $need_id, $pledge_id, $country, $donor, $status, $release_pending, $committed_minor,
                    $disbursed_minor, $approved_minor, $version, $body)
            ON CONFLICT(match_id) DO NOTHING
            """, Bind(change.Flow, 0), change.Event, change.Audit, ct);

    public Task<bool> ReplaceAsync(FlowChange change, long expectedVersion, CancellationToken ct) =>
        _writer.WriteAsync("""
            UPDATE flows SET status = $status, release_pending = $release_pending, committed_minor = $committed_minor,
              disbursed_minor = $disbursed_minor, version = $version, body = $body
            WHERE id = $id AND version = $expected
            """, Bind(change.Flow, expectedVersion), change.Event, change.Audit, ct);

    public Task<Flow?> GetAsync(string id, CancellationToken ct) => SingleAsync("id = $key", id, ct);

    public Task<Flow?> GetByMatchAsync(string matchId, CancellationToken ct) => SingleAsync("match_id = $key", matchId, ct);

    public async Task<Page<Flow>> ListAsync(FlowFilter filter, int pageSize, string? after, CancellationToken ct)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command("""
            SELECT body, seq FROM flows
            WHERE ($country IS NULL OR country = $country) AND ($donor IS NULL OR donor = $donor)
              AND ($status IS NULL OR status = $status) AND ($need IS NULL OR need_id = $need)
              AND ($pledge IS NULL OR pledge_id = $pledge) AND ($after IS NULL OR seq > $after)
            ORDER BY seq LIMIT $limit
            """, null, ("$country", filter.Country), ("$donor", filter.Donor), ("$status", filter.Status), ("$need", filter.NeedId),
            ("$pledge", filter.PledgeId), ("$after", PageToken.Sequence(after)), ("$limit", pageSize + 1));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(Flow, long)>();
        while (await reader.ReadAsync(ct)) rows.Add((Read(reader.GetString(0)), reader.GetInt64(1)));
        return Page<Flow>.FromRows(rows, pageSize);
    }

    public Task<IReadOnlyList<Flow>> ListReleasePendingAsync(int limit, CancellationToken ct) =>
        QueryAsync("SELECT body FROM flows WHERE release_pending = 1 ORDER BY id LIMIT $limit", ct, ("$limit", limit));

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string entityId, CancellationToken ct) =>
        SqliteAuditTrail.ListAsync(_database, entityId, ct);

    private async Task<Flow?> SingleAsync(string where, string key, CancellationToken ct) =>
        (await QueryAsync($"SELECT body FROM flows WHERE {where}", ct, ("$key", key))).FirstOrDefault();

    private async Task<IReadOnlyList<Flow>> QueryAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var connection = await _database.OpenAsync(ct);
        await using var command = connection.Command(sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var flows = new List<Flow>();
        while (await reader.ReadAsync(ct)) flows.Add(Read(reader.GetString(0)));
        return flows;
    }

    public static Flow Read(string body) => JsonSerializer.Deserialize<FlowDocument>(body, Json)!.ToFlow();

    public static string Write(Flow flow) => JsonSerializer.Serialize(FlowDocument.From(flow), Json);

    private static (string, object?)[] Bind(Flow f, long expectedVersion) =>
    [
        ("$id", f.Id), ("$match_id", f.MatchId), ("$need_id", f.NeedId), ("$pledge_id", f.PledgeId), ("$country", f.Country),
        ("$donor", f.Donor), ("$status", f.Status), ("$release_pending", f.ReleasePending ? 1 : 0), ("$committed_minor", f.Committed.Minor),
        ("$disbursed_minor", f.Disbursed.Minor), ("$approved_minor", f.Approved.Minor), ("$version", f.Version), ("$body", Write(f)),
        ("$expected", expectedVersion),
    ];
}
