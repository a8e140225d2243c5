using System.Net;
using System.Text.Json.Nodes;
using MassTransit.Testing;
using Marketplace.Pledges.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Pledges.IntegrationTests;

public sealed class PledgesApiTests : IClassFixture<PledgesApiFactory>
{
    private readonly PledgesApiFactory _factory;

    public PledgesApiTests(PledgesApiFactory factory) => _factory = factory;

    [Fact]
    public async Task Create_AsDonor_Returns201AndPublishesPledgePosted()
    {
        var client = _factory.ClientAs("donor", "EU");

        var response = await client.PostAsync("/api/v1/pledges", Json.Body(PledgeBodies.Valid()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pledge = await response.ReadObjectAsync();
        var id = pledge["id"]!.GetValue<string>();
        Assert.StartsWith("pledge_", id);
        Assert.Equal($"/api/v1/pledges/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("EU", pledge["donor"]!.GetValue<string>());
        Assert.Equal("open", pledge["status"]!.GetValue<string>());
        Assert.Equal("0.00", pledge["allocated"]!["amount"]!.GetValue<string>());
        Assert.Equal("1000000.00", pledge["remaining"]!["amount"]!.GetValue<string>());
        Assert.Equal(1, pledge["version"]!.GetValue<long>());
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        // The outbox relay publishes after the response: poll rather than race the harness's inactivity timer.
        Assert.True(await Eventually.GetAsync(() => harness.Published.Any<PledgePosted>(m => m.Context.Message.Pledge.Id == id && m.Context.Message.Pledge.Donor == "EU"), found => found, TimeSpan.FromSeconds(10),
            "PledgePosted to be published"));
    }

    [Fact]
    public async Task Create_AsMemberState_Returns403()
    {
        var response = await _factory.ClientAs("state", "GT").PostAsync("/api/v1/pledges", Json.Body(PledgeBodies.Valid()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Create_WithDonorField_Returns400NamingIt()
    {
        var body = PledgeBodies.Valid();
        body["donor"] = "US";

        var response = await _factory.ClientAs("donor", "EU").PostAsync("/api/v1/pledges", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["donor"], (await response.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task PatchAndWithdraw_ByAnotherDonor_Return403AndChangeNothing()
    {
        var id = await CreateAsync("EU", PledgeBodies.Valid());
        var other = _factory.ClientAs("donor", "ES");

        var patch = await other.SendAsync(Patch(id, "{\"title\":\"Taken over\"}", "\"1\""));
        var withdraw = await other.PostAsync($"/api/v1/pledges/{id}/withdraw", null);

        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withdraw.StatusCode);
        var pledge = await GetAsync(id);
        Assert.Equal(1, pledge["version"]!.GetValue<long>());
        Assert.Equal("open", pledge["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_WithoutIfMatch_Returns428_AndStale_Returns412()
    {
        var id = await CreateAsync("EU", PledgeBodies.Valid());
        var client = _factory.ClientAs("donor", "EU");

        var missing = await client.SendAsync(Patch(id, "{\"title\":\"New\"}", ifMatch: null));
        var stale = await client.SendAsync(Patch(id, "{\"title\":\"New\"}", "\"2\""));

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var pledge = await GetAsync(id);
        Assert.Equal(1, pledge["version"]!.GetValue<long>());
        Assert.Equal("Reception capacity in Central America", pledge["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_WithCurrentVersion_MergesAndIncrementsVersion()
    {
        var id = await CreateAsync("EU", PledgeBodies.Valid());

        var response = await _factory.ClientAs("donor", "EU").SendAsync(
            Patch(id, "{\"amount\":{\"amount\":\"750000.00\"},\"availableUntil\":null,\"maxAllocation\":{\"amount\":\"100000.00\",\"currency\":\"EUR\"}}", "W/\"1\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        var pledge = await response.ReadObjectAsync();
        Assert.Equal("750000.00", pledge["amount"]!["amount"]!.GetValue<string>());
        Assert.Equal("EUR", pledge["amount"]!["currency"]!.GetValue<string>());
        Assert.Null(pledge["availableUntil"]);
        Assert.Equal("100000.00", pledge["maxAllocation"]!["amount"]!.GetValue<string>());
        Assert.Equal(2, pledge["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_TenConcurrentWithSameIfMatch_ExactlyOneWins()
    {
        var id = await CreateAsync("EU", PledgeBodies.Valid());
        var client = _factory.ClientAs("donor", "EU");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.SendAsync(Patch(id, $"{{\"title\":\"Edit {i}\"}}", "\"1\""))));

        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        var pledge = await GetAsync(id);
        Assert.Equal(2, pledge["version"]!.GetValue<long>());
        Assert.Equal((await winner.ReadObjectAsync())["title"]!.GetValue<string>(), pledge["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdraw_Owner_ReturnsWithdrawnAndSecondIs409()
    {
        var id = await CreateAsync("EU", PledgeBodies.Valid());
        var client = _factory.ClientAs("donor", "EU");

        var first = await client.PostAsync($"/api/v1/pledges/{id}/withdraw", null);
        var second = await client.PostAsync($"/api/v1/pledges/{id}/withdraw", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var withdrawn = await first.ReadObjectAsync();
        Assert.Equal("withdrawn", withdrawn["status"]!.GetValue<string>());
        Assert.Equal("0.00", withdrawn["remaining"]!["amount"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task List_ByCountryAndSector_ReturnsPledgesEarmarkedForThemOrNotEarmarked()
    {
        var gtHealth = await CreateAsync("CA", PledgeBodies.Valid(countries: ["GT"], sectors: ["health"]));
        var anywhere = await CreateAsync("CA", PledgeBodies.Valid(countries: [], sectors: []));
        var hnEducation = await CreateAsync("CA", PledgeBodies.Valid(countries: ["HN"], sectors: ["education"]));
        var gtEducation = await CreateAsync("CA", PledgeBodies.Valid(countries: ["GT", "MX"], sectors: ["education", "protection"]));

        Assert.Equal(Set(gtHealth, anywhere), await ListIdsAsync("donor=CA&country=GT&sector=health"));
        Assert.Equal(Set(anywhere, hnEducation), await ListIdsAsync("donor=CA&country=HN"));
        Assert.Equal(Set(anywhere, hnEducation, gtEducation), await ListIdsAsync("donor=CA&sector=education"));
        Assert.Equal(Set(anywhere, gtEducation), await ListIdsAsync("donor=CA&country=MX&sector=protection"));
        Assert.Equal(Set(anywhere), await ListIdsAsync("donor=CA&country=PA"));
        Assert.Equal(Set(gtHealth, anywhere, hnEducation, gtEducation), await ListIdsAsync("donor=CA"));
    }

    [Theory]
    [InlineData("country=US")]
    [InlineData("sector=roads")]
    [InlineData("donor=XX")]
    [InlineData("instrument=loan")]
    [InlineData("status=open-ish")]
    [InlineData("pageSize=201")]
    [InlineData("pageToken=bm9wZQ")]
    public async Task List_WithBadQuery_Returns400(string query)
    {
        var response = await _factory.ClientAs("state", "GT").GetAsync($"/api/v1/pledges?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        var response = await _factory.ClientAs("state", "GT").GetAsync("/api/v1/pledges/pledge_00000000000000000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> CreateAsync(string donor, JsonObject body)
    {
        var response = await _factory.ClientAs("donor", donor).PostAsync("/api/v1/pledges", Json.Body(body));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> GetAsync(string id) =>
        await (await _factory.ClientAs("donor", "EU").GetAsync($"/api/v1/pledges/{id}")).ReadObjectAsync();

    private async Task<List<string>> ListIdsAsync(string query)
    {
        var page = await (await _factory.ClientAs("state", "GT").GetAsync($"/api/v1/pledges?{query}&pageSize=200")).ReadObjectAsync();
        return Set([.. page["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())]);
    }

    private static List<string> Set(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private static HttpRequestMessage Patch(string id, string json, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/pledges/{id}") { Content = Json.Body(json, "application/merge-patch+json") };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }
}
