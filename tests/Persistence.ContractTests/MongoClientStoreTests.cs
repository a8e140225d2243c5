using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class MongoClientStoreTests : ClientStoreContract, IRequiresMongo
{
    protected override StoreBackend CreateBackend() => new MongoBackend();
}
