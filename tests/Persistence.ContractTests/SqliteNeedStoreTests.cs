using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteNeedStoreTests : NeedStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
