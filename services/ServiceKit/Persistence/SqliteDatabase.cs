using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// One embedded SQLite database file. WAL lets readers run beside the single writer; write transactions
/// start IMMEDIATE (Microsoft.Data.Sqlite's default) so that check-then-write sequences are serialised.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string dataDirectory, string fileName, string schemaSql)
    {
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, fileName));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;\n" + schemaSql;
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
