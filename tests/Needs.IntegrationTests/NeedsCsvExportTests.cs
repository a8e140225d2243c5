using System.Net;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Needs.IntegrationTests;

public sealed class NeedsCsvExportTests : IClassFixture<NeedsApiFactory>
{
    private readonly NeedsApiFactory _factory;

    public NeedsCsvExportTests(NeedsApiFactory factory) => _factory = factory;

    [Fact]
    public async Task CsvExport_OfAFilteredListLongerThanAStorePage_HasExactlyTheRowsOfTheJsonList()
    {
        var belize = _factory.ClientAs("state", "BZ");
        for (var i = 0; i < 205; i++)
        {
            var body = NeedBodies.Valid(country: "BZ", amount: $"{1000 + i}.50");
            body["title"] = i % 50 == 0 ? $"=HYPERLINK(\"http://evil.example/{i}\", \"click\")" : $"Need, \"number\" {i}\nsecond line";
            if (i % 2 == 0) body["location"] = "Belize City";
            Assert.Equal(HttpStatusCode.Created, (await belize.PostAsync("/api/v1/needs", Json.Body(body))).StatusCode);
        }
        await _factory.ClientAs("state", "MX").PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid(country: "MX")));
        var reader = _factory.ClientAs("donor", "ES");

        var rows = await CsvExports.AssertMatchesJsonListAsync(reader, "/api/v1/needs?country=BZ&sector=reception-shelter");

        Assert.Equal(205, rows);
        var byAccept = await CsvExports.ReadAsync(reader, "/api/v1/needs?country=BZ", byAcceptHeader: true);
        Assert.Equal(205, byAccept.Rows.Count);
        Assert.All(byAccept.Rows, r => Assert.Equal("BZ", r["country"]));
    }

    [Fact]
    public async Task CsvExport_HasMoneyAndSetColumns_AndNeutralisesFormulaCells()
    {
        var honduras = _factory.ClientAs("state", "HN");
        var body = NeedBodies.Valid(country: "HN", amount: "750000.00", currency: "HNL");
        body["title"] = "=1+2";
        body["description"] = "+cmd|' /C calc'!A0";
        body["location"] = "@SUM(A1:A2)";
        body["reference"] = "-2+3";
        var created = await (await honduras.PostAsync("/api/v1/needs", Json.Body(body))).ReadObjectAsync();

        var (header, rows) = await CsvExports.ReadAsync(honduras, "/api/v1/needs?country=HN");

        Assert.Equal(["id", "country", "title", "description", "sector", "amount.amount", "amount.currency", "instruments"], header.Take(8));
        var row = Assert.Single(rows);
        Assert.Equal(created["id"]!.GetValue<string>(), row["id"]);
        Assert.Equal(("750000.00", "HNL"), (row["amount.amount"], row["amount.currency"]));
        Assert.Equal(("0.00", "HNL"), (row["funded.amount"], row["funded.currency"]));
        Assert.Equal("grant;in-kind", row["instruments"]);
        Assert.Equal("'=1+2", row["title"]);
        Assert.Equal("'+cmd|' /C calc'!A0", row["description"]);
        Assert.Equal("'@SUM(A1:A2)", row["location"]);
        Assert.Equal("'-2+3", row["reference"]);
        Assert.Equal("12000", row["targetPopulation"]);
        Assert.Equal("=1+2", created["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task CsvExport_KeepsTheListRules_ValidationAndAuthentication()
    {
        var invalid = await _factory.ClientAs("state", "GT").GetAsync("/api/v1/needs?format=xlsx&country=XX");
        var anonymous = await _factory.CreateClient().GetAsync("/api/v1/needs?format=csv");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key).Order();
        Assert.Equal(["country", "format"], errors);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task AuditCsv_OnlyForWhoMayReadTheTrail()
    {
        var need = await (await _factory.ClientAs("state", "PA").PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid(country: "PA")))).ReadObjectAsync();
        var id = need["id"]!.GetValue<string>();

        var (header, rows) = await CsvExports.ReadAsync(_factory.ClientAs("secretariat", "UNHCR-OAS"), $"/api/v1/audit?entityId={id}");
        var refused = await _factory.ClientAs("state", "GT").GetAsync($"/api/v1/audit?entityId={id}&format=csv");

        Assert.Equal(["at", "actor", "actorName", "org", "action", "entityId", "details"], header);
        var row = Assert.Single(rows);
        Assert.Equal(("need.created", "PA", id), (row["action"], row["org"], row["entityId"]));
        Assert.Equal("PA", JsonNode.Parse(row["details"])!["country"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
