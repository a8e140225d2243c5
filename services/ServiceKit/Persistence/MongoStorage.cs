using MongoDB.Driver;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// A service's MongoDB database behind the process's single <see cref="IMongoClient"/>. Writes that
/// touch more than one document run in a multi-document transaction (majority read and write concern,
/// retried by the driver on transient errors), which needs a replica set.
/// </summary>
public sealed class MongoStorage
{
    private readonly IMongoClient _client;
    private readonly TransactionOptions _transaction;

    static MongoStorage() => MongoSerialization.EnsureConfigured();

    public MongoStorage(IMongoClient client, string databaseName)
    {
        _client = client;
        Database = client.GetDatabase(databaseName);
        _transaction = TransactionOptionsOf(client.Settings);
    }

    public IMongoDatabase Database { get; }

    public IMongoCollection<T> Collection<T>(string name) => Database.GetCollection<T>(name);

    /// <summary>
    /// One client per process: its connection pool and server monitoring are meant to be shared.
    /// Majority write concern, so an acknowledged write survives a failover; majority read concern, so a
    /// read never returns data that a failover could roll back. A majority that cannot acknowledge a write
    /// within <paramref name="writeTimeout"/> (<c>wtimeout</c>) fails it with a write concern error instead of
    /// holding the request, and server selection and sockets give up after the same bound. (The driver's
    /// client-side operation timeout, <c>timeoutMS</c>, is not public API in driver 3.x.)
    /// </summary>
    public static IMongoClient CreateClient(string connectionString, string applicationName, TimeSpan? writeTimeout = null) =>
        new MongoClient(ClientSettings(connectionString, applicationName, writeTimeout ?? StorageOptions.DefaultMongoWriteTimeout));

    public static MongoClientSettings ClientSettings(string connectionString, string applicationName, TimeSpan writeTimeout)
    {
        MongoSerialization.EnsureConfigured();
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.WriteConcern = new WriteConcern(WriteConcern.WValue.Parse("majority"), wTimeout: writeTimeout);
        settings.ReadConcern = ReadConcern.Majority;
        settings.ReadPreference = ReadPreference.Primary;
        settings.RetryWrites = true;
        settings.RetryReads = true;
        settings.ServerSelectionTimeout = writeTimeout;
        settings.SocketTimeout = writeTimeout + writeTimeout;
        settings.ApplicationName ??= applicationName;
        return settings;
    }

    /// <summary>
    /// Transactions read a snapshot and commit with the client's majority write concern and its
    /// <c>wtimeout</c>, which also bounds the commit (<c>maxCommitTimeMS</c>).
    /// </summary>
    public static TransactionOptions TransactionOptionsOf(MongoClientSettings settings) =>
        new(ReadConcern.Snapshot, ReadPreference.Primary, settings.WriteConcern, maxCommitTime: settings.WriteConcern.WTimeout);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction. The driver retries the whole callback on a
    /// transient error (a write conflict with a concurrent transaction, a failover), so it must only
    /// touch the database through the session.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<IClientSessionHandle, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        using var session = await _client.StartSessionAsync(cancellationToken: ct);
        return await session.WithTransactionAsync(work, _transaction, ct);
    }

    /// <summary>Reads at one point in time across collections (a snapshot session, MongoDB 5.0 or later).</summary>
    public async Task<T> InSnapshotAsync<T>(Func<IClientSessionHandle, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        using var session = await _client.StartSessionAsync(new ClientSessionOptions { Snapshot = true }, ct);
        return await read(session, ct);
    }
}
