using System.Net;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Pledges.IntegrationTests;

public sealed class PledgesCsvExportTests : IClassFixture<PledgesApiFactory>
{
    private readonly PledgesApiFactory _factory;

    public PledgesCsvExportTests(PledgesApiFactory factory) => _factory = factory;

    [Fact]
    public async Task CsvExport_OfFilteredPledges_HasExactlyTheRowsOfTheJsonList()
    {
        var canada = _factory.ClientAs("donor", "CA");
        for (var i = 0; i < 23; i++)
        {
            var body = PledgeBodies.Valid(amount: $"{50000 + i}.00", currency: i % 3 == 0 ? "CAD" : "USD",
                countries: i % 4 == 0 ? [] : ["GT", "HN", "SV"], sectors: i % 5 == 0 ? [] : ["education", "health"]);
            if (i % 2 == 0)
            {
                body["minAllocation"] = new JsonObject { ["amount"] = "1000.00", ["currency"] = body["amount"]!["currency"]!.GetValue<string>() };
                body["conditions"] = i % 6 == 0 ? "@reporting quarterly; audited" : "Quarterly reporting, \"audited\"";
            }
            Assert.Equal(HttpStatusCode.Created, (await canada.PostAsync("/api/v1/pledges", Json.Body(body))).StatusCode);
        }
        await _factory.ClientAs("donor", "US").PostAsync("/api/v1/pledges", Json.Body(PledgeBodies.Valid()));
        var reader = _factory.ClientAs("state", "GT");

        var rows = await CsvExports.AssertMatchesJsonListAsync(reader, "/api/v1/pledges?donor=CA&instrument=grant");
        var (_, withSets) = await CsvExports.ReadAsync(reader, "/api/v1/pledges?donor=CA&country=SV");

        Assert.Equal(23, rows);
        Assert.Contains(withSets, r => r["countries"] == "GT;HN;SV" && r["sectors"] == "education;health");
        Assert.Contains(withSets, r => r["countries"] == "" && r["minAllocation.amount"] == "1000.00");
        Assert.Contains(withSets, r => r["conditions"] == "'@reporting quarterly; audited");
    }
}
