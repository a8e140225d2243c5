using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteClientStoreTests : ClientStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
