using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class MongoNeedStoreTests : NeedStoreContract, IRequiresMongo
{
    protected override StoreBackend CreateBackend() => new MongoBackend();
}
