using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>Upgrades of an existing embedded database that <c>CREATE ... IF NOT EXISTS</c> cannot express.</summary>
public static class SqliteSchema
{
    public static void AddColumnIfMissing(SqliteConnection connection, SqliteTransaction? tx, string table, string column, string definition)
    {
        using var probe = connection.Command($"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $column", tx, ("$column", column));
        if ((long)probe.ExecuteScalar()! > 0) return;
        using var alter = connection.Command($"ALTER TABLE {table} ADD COLUMN {column} {definition}", tx);
        alter.ExecuteNonQuery();
    }

    /// <summary>
    /// Gives <paramref name="table"/> its commit sequence: a <c>seq</c> column that a trigger sets on every
    /// insert from the table's counter in <c>commit_sequences</c>, inside the inserting transaction. SQLite
    /// has one writer at a time, so the numbers follow commit order, and a reader that sees number n sees
    /// every number below it; the counter never goes back, so a deleted row's number is never reused. Rows of
    /// a database older than the column are numbered in their insertion (rowid) order. Each of
    /// <paramref name="filterColumns"/> gets an index (column, seq) serving a filtered list in that order.
    /// </summary>
    public static void EnsureCommitSequence(SqliteDatabase database, string table, params string[] filterColumns)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction();
        AddColumnIfMissing(connection, tx, table, "seq", "INTEGER NULL");
        var statements = new List<string>
        {
            $"UPDATE {table} SET seq = rowid WHERE seq IS NULL",
            $"CREATE UNIQUE INDEX IF NOT EXISTS ux_{table}_seq ON {table}(seq)",
            "CREATE TABLE IF NOT EXISTS commit_sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            $"INSERT OR IGNORE INTO commit_sequences(name, value) SELECT '{table}', IFNULL(MAX(seq), 0) FROM {table}",
            $"""
            CREATE TRIGGER IF NOT EXISTS tr_{table}_seq AFTER INSERT ON {table} BEGIN
              UPDATE commit_sequences SET value = value + 1 WHERE name = '{table}';
              UPDATE {table} SET seq = (SELECT value FROM commit_sequences WHERE name = '{table}') WHERE rowid = NEW.rowid;
            END
            """,
        };
        statements.AddRange(filterColumns.Select(c => $"CREATE INDEX IF NOT EXISTS ix_{table}_{c}_seq ON {table}({c}, seq)"));
        foreach (var sql in statements)
        {
            using var command = connection.Command(sql, tx);
            command.ExecuteNonQuery();
        }
        tx.Commit();
    }
}
