using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteMatchingStoreTests : MatchingStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
