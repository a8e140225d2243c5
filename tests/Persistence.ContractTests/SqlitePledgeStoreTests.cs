using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqlitePledgeStoreTests : PledgeStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
