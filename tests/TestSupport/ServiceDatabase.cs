using Microsoft.Data.Sqlite;

namespace Marketplace.TestSupport;

/// <summary>
/// Read-only queries on a service's SQLite file in the test system's data directory: the counting
/// side of a scenario (views, outbox, matches). Nothing is ever written through it.
/// </summary>
public sealed class ServiceDatabase(string path)
{
    public static ServiceDatabase Of(MarketplaceProcesses system, string service) =>
        new(Path.Combine(system.DataDirectory, service, $"{service}.db"));

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 10,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<long> CountAsync(string sql) => Convert.ToInt64((await QueryAsync(sql))[0][0]);

    /// <summary>id → version of a view table (need_views, pledge_views).</summary>
    public async Task<Dictionary<string, long>> VersionsAsync(string table) =>
        (await QueryAsync($"SELECT id, version FROM {table}")).ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1]));
}
