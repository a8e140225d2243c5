using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqlitePersonStoreTests : PersonStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
