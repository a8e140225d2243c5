using System.Text.Json;
using Marketplace.Identity.Clients;
using Marketplace.Identity.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity.Persistence;

/// <summary>Client store in an embedded SQLite file, <c>{Storage:DataDirectory}/identity.db</c>.</summary>
public sealed class SqliteClientStore : IClientStore
{
    public const string FileName = "identity.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS clients (
            client_id   TEXT NOT NULL PRIMARY KEY,
            secret_hash TEXT NOT NULL,
            role        TEXT NOT NULL,
            org         TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );
        """;

    private readonly string _connectionString;
    private readonly string _directory;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteClientStore(IOptions<StorageOptions> storage, IHostEnvironment environment)
    {
        _directory = storage.Value.ResolveDataDirectory(environment.ContentRootPath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_directory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 5,
        }.ToString();
    }

    public async Task<RegisteredClient?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT client_id, secret_hash, role, org FROM clients WHERE client_id = $clientId";
        command.Parameters.AddWithValue("$clientId", clientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RegisteredClient(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
            : null;
    }

    public async Task UpsertAsync(RegisteredClient client, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO clients (client_id, secret_hash, role, org, updated_at)
            VALUES ($clientId, $secretHash, $role, $org, $updatedAt)
            ON CONFLICT (client_id) DO UPDATE SET
                secret_hash = excluded.secret_hash, role = excluded.role, org = excluded.org, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$clientId", client.ClientId);
        command.Parameters.AddWithValue("$secretHash", client.SecretHash);
        command.Parameters.AddWithValue("$role", client.Role);
        command.Parameters.AddWithValue("$org", client.Org);
        command.Parameters.AddWithValue("$updatedAt", DateTimeOffset.UtcNow.ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteAllExceptAsync(IReadOnlyCollection<string> clientIds, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // json_each keeps the statement parameterised whatever the number of ids.
        command.CommandText = "DELETE FROM clients WHERE client_id NOT IN (SELECT value FROM json_each($clientIds))";
        command.Parameters.AddWithValue("$clientIds", JsonSerializer.Serialize(clientIds));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Opens the database and runs a trivial query: what readiness means for this store.</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM clients";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }
            Directory.CreateDirectory(_directory);
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
