using System.Net;
using Marketplace.TestSupport;

namespace Marketplace.Matching.IntegrationTests;

public sealed class MatchingApiTests : IClassFixture<MatchingApiFactory>
{
    private readonly MatchingApiFactory _factory;

    public MatchingApiTests(MatchingApiFactory factory) => _factory = factory;

    [Fact]
    public async Task Reference_WithoutToken_ListsCodelistsWithLabelsAndCodes()
    {
        var reference = await (await _factory.CreateClient().GetAsync("/api/v1/reference")).ReadObjectAsync();

        Assert.Equal(7, reference["countries"]!.AsArray().Count);
        var health = reference["sectors"]!.AsArray().Single(s => s!["code"]!.GetValue<string>() == "health")!;
        Assert.Equal("Salud", health["es"]!.GetValue<string>());
        Assert.Equal("12220", health["dacPurposeCode"]!.GetValue<string>());
        var loan = reference["instruments"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == "concessional-loan")!;
        Assert.Equal("421", loan["iatiFinanceType"]!.GetValue<string>());
        Assert.Contains(reference["currencies"]!.AsArray(), c => c!["code"]!.GetValue<string>() == "JPY" && c["minorUnits"]!.GetValue<int>() == 0);
    }

    [Fact]
    public async Task FxRates_DefaultTableCoversTheRequiredCurrencies()
    {
        var rates = await (await _factory.ClientAs("state", "GT").GetAsync("/api/v1/fx-rates")).ReadObjectAsync();

        var codes = rates["items"]!.AsArray().Select(r => r!["currency"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "USD", "EUR", "CAD", "CHF", "GBP", "JPY", "BRL", "ARS", "COP", "UYU", "BZD", "CRC", "GTQ", "HNL", "MXN", "PAB" }, codes);
        Assert.All(rates["items"]!.AsArray(), r => Assert.False(string.IsNullOrEmpty(r!["source"]!.GetValue<string>())));
    }

    [Fact]
    public async Task PutFxRate_BySecretariat_UpdatesVersionAndAudits_OthersRefused()
    {
        var secretariat = _factory.ClientAs("secretariat", "UNHCR-OAS");
        var body = Json.Body("{\"usdPerUnit\":\"0.000255\",\"asOf\":\"2026-11-27\",\"source\":\"Banco de la República\"}");

        var byChair = await _factory.ClientAs("chair", "ES").PutAsync("/api/v1/fx-rates/COP", body);
        var updated = await secretariat.PutAsync("/api/v1/fx-rates/COP", Json.Body("{\"usdPerUnit\":\"0.000255\",\"asOf\":\"2026-11-27\",\"source\":\"Banco de la República\"}"));
        var usd = await secretariat.PutAsync("/api/v1/fx-rates/USD", Json.Body("{\"usdPerUnit\":\"2\",\"asOf\":\"2026-11-27\",\"source\":\"x\"}"));
        var unknown = await secretariat.PutAsync("/api/v1/fx-rates/XXX", Json.Body("{\"usdPerUnit\":\"2\",\"asOf\":\"2026-11-27\",\"source\":\"x\"}"));
        var invalid = await secretariat.PutAsync("/api/v1/fx-rates/EUR", Json.Body("{\"usdPerUnit\":\"-1\",\"asOf\":\"2026-02-30\",\"source\":\"\",\"extra\":1}"));

        Assert.Equal(HttpStatusCode.Forbidden, byChair.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var rate = await updated.ReadObjectAsync();
        Assert.Equal(("0.000255", 2L), (rate["usdPerUnit"]!.GetValue<string>(), rate["version"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.Conflict, usd.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key).Order();
        Assert.Equal(["asOf", "extra", "source", "usdPerUnit"], errors);
        var audit = await (await secretariat.GetAsync("/api/v1/audit?entityId=fx_COP")).ReadObjectAsync();
        Assert.Equal("fx-rate.updated", audit["items"]!.AsArray().Single()!["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_ByChair_ReturnsSummaryWithCoverageOfEveryCountry_DonorRefused()
    {
        var byDonor = await _factory.ClientAs("donor", "CA").PostAsync("/api/v1/matching/runs", null);
        var response = await _factory.ClientAs("chair", "ES").PostAsync("/api/v1/matching/runs", null);

        Assert.Equal(HttpStatusCode.Forbidden, byDonor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.ReadObjectAsync();
        Assert.StartsWith("round_", run["id"]!.GetValue<string>());
        Assert.Equal(7, run["coverage"]!.AsArray().Count);
        Assert.Matches(@"^\d+\.\d{2}$", run["proposedUsd"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summary_HasTotalsAndEveryCountryAndSector()
    {
        var summary = await (await _factory.ClientAs("donor", "US").GetAsync("/api/v1/summary")).ReadObjectAsync();

        Assert.NotNull(summary["totals"]!["gapUsd"]);
        Assert.Equal(7, summary["byCountry"]!.AsArray().Count);
        Assert.Equal(9, summary["bySector"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("/api/v1/matches?status=pending")]
    [InlineData("/api/v1/matches?country=AR")]
    [InlineData("/api/v1/matches?pageSize=500")]
    [InlineData("/api/v1/audit")]
    public async Task BadQueries_Return400(string path)
    {
        var response = await _factory.ClientAs("secretariat", "UNHCR-OAS").GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Decisions_OnUnknownMatch_Return404_AndRejectWithoutReason_Returns400()
    {
        var secretariat = _factory.ClientAs("secretariat", "UNHCR-OAS");

        var approve = await secretariat.PostAsync("/api/v1/matches/match_00000000000000000000000000000000/approve", null);
        var reject = await secretariat.PostAsync("/api/v1/matches/match_00000000000000000000000000000000/reject", Json.Body("{\"reason\":\"\"}"));

        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reject.StatusCode);
    }
}
