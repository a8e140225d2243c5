using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteOrganisationStoreTests : OrganisationStoreContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
