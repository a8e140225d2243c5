using Marketplace.ServiceKit.Persistence;

namespace Marketplace.ServiceKit.FlowTotals;

/// <summary>The money-trail view in the service's embedded database (table <c>flow_totals</c>).</summary>
public sealed class SqliteFlowTotals(SqliteDatabase database) : IFlowTotals
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS flow_totals (
          flow_id TEXT PRIMARY KEY, entity_id TEXT NOT NULL, committed_minor INTEGER NOT NULL, disbursed_minor INTEGER NOT NULL,
          version INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_flow_totals_entity ON flow_totals(entity_id);
        """;

    public async Task<bool> UpsertAsync(string flowId, string entityId, long committedMinor, long disbursedMinor, long version, CancellationToken ct)
    {
        await using var connection = await database.OpenForWriteAsync(ct);
        await using var command = connection.Command("""
            INSERT INTO flow_totals(flow_id, entity_id, committed_minor, disbursed_minor, version) VALUES ($f, $e, $c, $d, $v)
            ON CONFLICT(flow_id) DO UPDATE SET committed_minor = excluded.committed_minor, disbursed_minor = excluded.disbursed_minor,
              version = excluded.version
            WHERE excluded.version > flow_totals.version
            """, null, ("$f", flowId), ("$e", entityId), ("$c", committedMinor), ("$d", disbursedMinor), ("$v", version));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<IReadOnlyDictionary<string, TrailTotals>> SumAsync(IReadOnlyCollection<string> entityIds, CancellationToken ct)
    {
        if (entityIds.Count == 0) return new Dictionary<string, TrailTotals>();
        var names = entityIds.Select((_, i) => $"$e{i}").ToList();
        return await QueryAsync(
            $"SELECT entity_id, SUM(committed_minor), SUM(disbursed_minor) FROM flow_totals WHERE entity_id IN ({string.Join(", ", names)}) GROUP BY entity_id",
            [.. entityIds.Select((id, i) => (names[i], (object?)id))], ct);
    }

    public Task<IReadOnlyDictionary<string, TrailTotals>> SumAllAsync(CancellationToken ct) =>
        QueryAsync("SELECT entity_id, SUM(committed_minor), SUM(disbursed_minor) FROM flow_totals GROUP BY entity_id", [], ct);

    private async Task<IReadOnlyDictionary<string, TrailTotals>> QueryAsync(string sql, (string, object?)[] parameters, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.Command(sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var sums = new Dictionary<string, TrailTotals>();
        while (await reader.ReadAsync(ct)) sums[reader.GetString(0)] = new TrailTotals(reader.GetInt64(1), reader.GetInt64(2));
        return sums;
    }
}
