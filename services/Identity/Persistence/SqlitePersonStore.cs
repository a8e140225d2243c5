using System.Text.Json;
using Marketplace.Identity.People;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Persistence;
using Microsoft.Data.Sqlite;

namespace Marketplace.Identity.Persistence;

/// <summary>People in the embedded SQLite file: the looked-up fields as columns, the whole person as JSON.</summary>
public sealed class SqlitePersonStore : IPersonStore
{
    private readonly SqliteDatabase _database;

    public SqlitePersonStore(SqliteDatabase database)
    {
        _database = database;
        SqliteSchema.EnsureCommitSequence(database, "people", "org");
    }

    private const int UniqueViolation = 19;
    private const string Columns = "data";

    public async Task<bool> CreateAsync(Person person, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenForWriteAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO people (id, normalized_email, org, invitation_hash, concurrency_stamp, data)
            VALUES ($id, $email, $org, $invitation, $stamp, $data)
            """;
        Bind(command, person);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == UniqueViolation)
        {
            return false;
        }
    }

    public async Task<bool> UpdateAsync(Person person, string expectedConcurrencyStamp, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenForWriteAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE people SET normalized_email = $email, org = $org, invitation_hash = $invitation,
                concurrency_stamp = $stamp, data = $data
            WHERE id = $id AND concurrency_stamp = $expected
            """;
        Bind(command, person);
        command.Parameters.AddWithValue("$expected", expectedConcurrencyStamp);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == UniqueViolation)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenForWriteAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM people WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<Person?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        FindOneAsync("id = $value", id, cancellationToken);

    public Task<Person?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        FindOneAsync("normalized_email = $value", normalizedEmail, cancellationToken);

    public Task<Person?> FindByInvitationAsync(string invitationHash, CancellationToken cancellationToken) =>
        FindOneAsync("invitation_hash = $value", invitationHash, cancellationToken);

    public async Task<Page<Person>> ListAsync(string? org, string? after, int pageSize, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {Columns}, seq FROM people
            WHERE ($org IS NULL OR org = $org) AND ($after IS NULL OR seq > $after)
            ORDER BY seq LIMIT $limit
            """, null, ("$org", org), ("$after", PageToken.Sequence(after)), ("$limit", pageSize + 1));
        var people = new List<(Person, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add((Read(reader), reader.GetInt64(1)));
        }
        return Page<Person>.FromRows(people, pageSize);
    }

    private async Task<Person?> FindOneAsync(string condition, string value, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM people WHERE {condition}";
        command.Parameters.AddWithValue("$value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static void Bind(SqliteCommand command, Person person)
    {
        command.Parameters.AddWithValue("$id", person.Id);
        command.Parameters.AddWithValue("$email", person.NormalizedEmail);
        command.Parameters.AddWithValue("$org", person.Org);
        command.Parameters.AddWithValue("$invitation", (object?)person.InvitationHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$stamp", person.ConcurrencyStamp);
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(person));
    }

    private static Person Read(SqliteDataReader reader) =>
        JsonSerializer.Deserialize<Person>(reader.GetString(0)) ?? throw new InvalidDataException("A stored person is not valid JSON.");
}
