using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteFlowTotalsTests : FlowTotalsContract
{
    protected override StoreBackend CreateBackend() => new SqliteBackend();
}
