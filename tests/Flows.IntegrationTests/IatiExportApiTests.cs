using System.Net;
using System.Xml.Linq;
using MassTransit.Testing;
using Marketplace.Matching.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Flows.IntegrationTests;

/// <summary>
/// <c>GET /api/v1/exports/iati</c> on the flows service with the needs and pledges services and the identity
/// registry stubbed: the period filter on transaction dates, and a 503 when the registry cannot be read.
/// </summary>
public sealed class IatiExportApiTests(FlowsApiFactory factory) : IClassFixture<FlowsApiFactory>
{
    private const string Registry = """
        {"items":[
          {"code":"GT","kind":"state","name":{"es":"Guatemala","en":"Government of Guatemala"},"iati":{"ref":"GT-GOV-1","type":"10"}},
          {"code":"ES","kind":"donor","name":{"es":"España","en":"Spain"},"iati":{"ref":"XM-DAC-50","type":"10"}},
          {"code":"UNHCR-OAS","kind":"secretariat","name":{"es":"Secretaría","en":"UNHCR-OAS Secretariat"},"iati":{"ref":"XM-DAC-41121","type":"40"}}
        ]}
        """;

    private HttpClient Reader => factory.ClientAs("state", "GT");

    [Fact]
    public async Task Export_KeepsTheFlowsWithATransactionInThePeriod_AsASchemaValidActivity()
    {
        factory.Organisations = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Registry) };
        var (flowId, needId) = await ApprovedFlowAsync();
        var commit = await factory.ClientAs("donor", "ES").PostAsync($"/api/v1/flows/{flowId}/commitment",
            Json.Body("""{"signedOn":"2001-02-03","reference":"AGR-IATI"}"""));
        Assert.Equal(HttpStatusCode.OK, commit.StatusCode);

        var inPeriod = await Reader.GetAsync("/api/v1/exports/iati?country=GT&from=2001-02-03&until=2001-02-03");
        var outside = await Reader.GetAsync("/api/v1/exports/iati?country=GT&from=2001-02-04&until=2001-12-31");

        Assert.Equal(HttpStatusCode.OK, inPeriod.StatusCode);
        var xml = await inPeriod.Content.ReadAsStringAsync();
        Assert.Empty(IatiReference.SchemaErrors(xml));
        var activity = Assert.Single(XDocument.Parse(xml).Root!.Elements("iati-activity"));
        Assert.Equal($"XM-DAC-41121-{needId}", activity.Element("iati-identifier")!.Value);
        Assert.Equal(["13", "11"], activity.Elements("transaction").Select(t => t.Element("transaction-type")!.Attribute("code")!.Value));
        Assert.Equal("GT-GOV-1", activity.Elements("participating-org").Last().Attribute("ref")!.Value);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Fact]
    public async Task Export_WhenTheOrganisationRegistryCannotBeRead_Is503Problem()
    {
        factory.Organisations = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        await ApprovedFlowAsync();

        var response = await Reader.GetAsync("/api/v1/exports/iati");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private async Task<(string FlowId, string NeedId)> ApprovedFlowAsync()
    {
        var matchId = $"match_{Guid.NewGuid():N}";
        var harness = factory.Services.GetRequiredService<ITestHarness>();
        await harness.Bus.Publish(new MatchApproved(matchId, $"need_{matchId}", $"pledge_{matchId}", "GT", "ES", 1000m, "EUR", 1085m, "USD",
            "chair-1", "CO", DateTimeOffset.UtcNow, 1.0850000000m));
        var page = await Eventually.GetAsync(
            async () => await (await Reader.GetAsync($"/api/v1/flows?needId=need_{matchId}")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count > 0, TimeSpan.FromSeconds(15), $"the flow of {matchId}");
        return (page["items"]![0]!["id"]!.GetValue<string>(), $"need_{matchId}");
    }
}
