namespace Marketplace.ServiceKit.Persistence;

/// <summary>What a MongoDB store needs before it serves: its indexes (created idempotently) and seed data.</summary>
public interface IMongoStoreSetup
{
    Task InitializeAsync(CancellationToken ct);
}
