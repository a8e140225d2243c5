using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class MongoPledgeStoreTests : PledgeStoreContract, IRequiresMongo
{
    protected override StoreBackend CreateBackend() => new MongoBackend();
}
