using Marketplace.TestSupport;

namespace Marketplace.Matching.IntegrationTests;

public sealed class MatchingOpenApiTests : IClassFixture<MatchingApiFactory>
{
    private readonly MatchingApiFactory _factory;

    public MatchingOpenApiTests(MatchingApiFactory factory) => _factory = factory;

    [Fact]
    public async Task Document_DescribesEveryApiEndpointThisServiceServes()
    {
        await OpenApiCoverage.AssertDocumentsEveryEndpointAsync(_factory);
    }
}
