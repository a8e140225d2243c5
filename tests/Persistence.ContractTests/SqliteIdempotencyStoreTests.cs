using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteIdempotencyStoreTests : IdempotencyStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
