using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.ServiceKit.Persistence;

/// <summary>
/// Creates the indexes of the outbox, the audit trail and the service's store at start, before the host
/// takes requests. Creating an index that exists with the same definition is a no-op, so every replica
/// runs this on every start; a conflicting definition fails the start loudly.
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
