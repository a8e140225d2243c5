using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class MongoOrganisationStoreTests : OrganisationStoreContract, IRequiresMongo
{
    protected override StoreBackend CreateBackend() => new MongoBackend();
}
