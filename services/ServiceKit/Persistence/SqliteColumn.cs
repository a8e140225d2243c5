using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// A column added to a table after its first release. A database created earlier gets it at start-up
/// (SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>); <paramref name="Definition"/> needs a default for old rows.
/// </summary>
public sealed record SqliteColumn(string Table, string Name, string Definition)
{
    public void AddIfMissing(SqliteConnection connection)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT count(*) FROM pragma_table_info($table) WHERE name = $name";
        probe.Parameters.AddWithValue("$table", Table);
        probe.Parameters.AddWithValue("$name", Name);
        if ((long)probe.ExecuteScalar()! > 0) return;
        using var alter = connection.CreateCommand();
        alter.CommandText = $"ALTER TABLE {Table} ADD COLUMN {Name} {Definition}";
        alter.ExecuteNonQuery();
    }
}
