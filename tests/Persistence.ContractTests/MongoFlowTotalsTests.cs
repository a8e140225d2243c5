using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class MongoFlowTotalsTests : FlowTotalsContract, IRequiresMongo
{
    protected override StoreBackend CreateBackend() => new MongoBackend();
}
