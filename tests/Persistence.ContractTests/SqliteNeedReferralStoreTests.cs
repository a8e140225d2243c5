using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteNeedReferralStoreTests : NeedReferralStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
