using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteFlowStoreTests : FlowStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
