using Microsoft.Data.Sqlite;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// One embedded SQLite database file. WAL lets readers run beside the single writer; write transactions
/// start IMMEDIATE (Microsoft.Data.Sqlite's default) so that check-then-write sequences are serialised.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteDatabase(string dataDirectory, string fileName, string schemaSql, IReadOnlyList<SqliteColumn>? addedColumns = null)
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
        Audit.SqliteAuditTrail.Upgrade(connection);
        Outbox.SqliteOutbox.Upgrade(connection);
        foreach (var column in addedColumns ?? []) column.AddIfMissing(connection);
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

    /// <summary>
    /// A connection for a write, held exclusively until disposed. SQLite has one writer at a time; queueing
    /// writers here (asynchronously, in order) instead of letting them collide on the file lock avoids
    /// Microsoft.Data.Sqlite's busy-retry sleeps, which cost hundreds of milliseconds under load. Every
    /// writer of a database lives in this process (the embedded store is single-process by design).
    /// </summary>
    public async Task<SqliteConnection> OpenForWriteAsync(CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            var connection = new GatedConnection(_connectionString, _writeGate);
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    private sealed class GatedConnection(string connectionString, SemaphoreSlim gate) : SqliteConnection(connectionString)
    {
        private int _released;

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
