using Marketplace.TestSupport;

namespace Marketplace.Pledges.IntegrationTests;

public sealed class PledgesOpenApiTests : IClassFixture<PledgesApiFactory>
{
    private readonly PledgesApiFactory _factory;

    public PledgesOpenApiTests(PledgesApiFactory factory) => _factory = factory;

    [Fact]
    public async Task Document_DescribesEveryApiEndpointThisServiceServes()
    {
        await OpenApiCoverage.AssertDocumentsEveryEndpointAsync(_factory);
    }
}
