using MongoDB.Driver;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// A service's MongoDB database behind the process's single <see cref="IMongoClient"/>. Writes that
/// touch more than one document run in a multi-document transaction (majority read and write concern,
/// retried by the driver on transient errors), which needs a replica set.
/// </summary>
public sealed class MongoStorage
{
    private static readonly TransactionOptions Transaction = new(ReadConcern.Snapshot, ReadPreference.Primary, WriteConcern.WMajority);

    private readonly IMongoClient _client;

    static MongoStorage() => MongoSerialization.EnsureConfigured();

    public MongoStorage(IMongoClient client, string databaseName)
    {
        _client = client;
        Database = client.GetDatabase(databaseName);
    }

    public IMongoDatabase Database { get; }

    public IMongoCollection<T> Collection<T>(string name) => Database.GetCollection<T>(name);

    /// <summary>
    /// One client per process: its connection pool and server monitoring are meant to be shared.
    /// Majority write concern, so an acknowledged write survives a failover; majority read concern, so a
    /// read never returns data that a failover could roll back.
    /// </summary>
    public static IMongoClient CreateClient(string connectionString, string applicationName)
    {
        MongoSerialization.EnsureConfigured();
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.WriteConcern = WriteConcern.WMajority;
        settings.ReadConcern = ReadConcern.Majority;
        settings.ReadPreference = ReadPreference.Primary;
        settings.RetryWrites = true;
        settings.RetryReads = true;
        settings.ApplicationName ??= applicationName;
        return new MongoClient(settings);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction. The driver retries the whole callback on a
    /// transient error (a write conflict with a concurrent transaction, a failover), so it must only
    /// touch the database through the session.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<IClientSessionHandle, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        using var session = await _client.StartSessionAsync(cancellationToken: ct);
        return await session.WithTransactionAsync(work, Transaction, ct);
    }

    /// <summary>Reads at one point in time across collections (a snapshot session, MongoDB 5.0 or later).</summary>
    public async Task<T> InSnapshotAsync<T>(Func<IClientSessionHandle, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var session = await _client.StartSessionAsync(new ClientSessionOptions { Snapshot = true }, ct);
        return await read(session, ct);
    }
}
