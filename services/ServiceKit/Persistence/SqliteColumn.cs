using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// A column added to a table after its first release. A database created earlier gets it at start-up
/// (SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>); <paramref name="Definition"/> needs a default for old rows.
/// </summary>
public sealed record SqliteColumn(string Table, string Name, string Definition)
{
    public void AddIfMissing(SqliteConnection connection) => SqliteSchema.AddColumnIfMissing(connection, null, Table, Name, Definition);
}
