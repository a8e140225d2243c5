using Marketplace.TestSupport;

namespace Marketplace.Needs.IntegrationTests;

public sealed class NeedsOpenApiTests : IClassFixture<NeedsApiFactory>
{
    private readonly NeedsApiFactory _factory;

    public NeedsOpenApiTests(NeedsApiFactory factory) => _factory = factory;

    [Fact]
    public async Task Document_DescribesEveryApiEndpointThisServiceServes()
    {
        await OpenApiCoverage.AssertDocumentsEveryEndpointAsync(_factory);
    }
}
