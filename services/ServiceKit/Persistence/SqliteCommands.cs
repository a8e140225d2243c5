using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>Small helpers that keep raw SQL readable: parameters from a tuple list, null as DBNull.</summary>
public static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? tx = null,
        params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
