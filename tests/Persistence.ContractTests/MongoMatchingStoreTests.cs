using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class MongoMatchingStoreTests : MatchingStoreContract, IRequiresMongo
{
    protected override StoreBackend CreateBackend() => new MongoBackend();
}
