using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Brings the indexes and commit-sequence counters of the outbox, the audit trail and the service's store
/// in place at start (<see cref="MongoIndexes"/>: what is right is left alone, what changed under its name
/// is rebuilt, with a majority commit quorum), so every replica runs this on every start. It is the first
/// hosted service (<see cref="StorageExtensions.AddMongoStore"/>): the MassTransit bus, whose consumers write
/// to the store, and the outbox relay start only after it finished, and a failure stops the start.
/// </summary>
public sealed partial class MongoStoreInitializer(
    MongoOutbox outbox, MongoAuditTrail audit, IEnumerable<IMongoStoreSetup> stores, ILogger<MongoStoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await outbox.CreateIndexesAsync(cancellationToken);
        await audit.CreateIndexesAsync(cancellationToken);
        foreach (var store in stores)
        {
            await store.InitializeAsync(cancellationToken);
        }
        LogReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "MongoDB store ready: indexes in place")]
    private partial void LogReady();
}
