using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit.Testing;
using Marketplace.Needs.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Needs.IntegrationTests;

public sealed class NeedsApiTests : IClassFixture<NeedsApiFactory>
{
    private readonly NeedsApiFactory _factory;

    public NeedsApiTests(NeedsApiFactory factory) => _factory = factory;

    [Fact]
    public async Task Create_AsOwnState_Returns201AndPublishesNeedPublished()
    {
        var client = _factory.ClientAs("state", "GT");

        var response = await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var need = await response.ReadObjectAsync();
        var id = need["id"]!.GetValue<string>();
        Assert.StartsWith("need_", id);
        Assert.Equal($"/api/v1/needs/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal("open", need["status"]!.GetValue<string>());
        Assert.Equal("0.00", need["funded"]!["amount"]!.GetValue<string>());
        Assert.Equal("2500000.00", need["remaining"]!["amount"]!.GetValue<string>());
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        // The outbox relay publishes after the response: poll rather than race the harness's inactivity timer.
        Assert.True(await Eventually.GetAsync(() => harness.Published.Any<NeedPublished>(m => m.Context.Message.Need.Id == id), found => found, TimeSpan.FromSeconds(10),
            "NeedPublished to be published"));
    }

    [Fact]
    public async Task Create_ForAnotherCountry_Returns403AndStoresNothing()
    {
        var client = _factory.ClientAs("state", "HN");

        var response = await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid(country: "GT")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var list = await (await client.GetAsync("/api/v1/needs?country=GT&pageSize=200")).ReadObjectAsync();
        Assert.DoesNotContain(list["items"]!.AsArray(), n => n!["title"]!.GetValue<string>().Contains("HN"));
    }

    [Fact]
    public async Task Create_WithSeveralInvalidFields_Returns400ListingEveryField()
    {
        var body = NeedBodies.Valid();
        body["amount"] = new JsonObject { ["amount"] = "-5.001", ["currency"] = "USD" };
        body["sector"] = "roads";
        body["instruments"] = new JsonArray();
        body["endDate"] = "2025-01-01";
        body["status"] = "funded";
        body.Remove("title");

        var response = await _factory.ClientAs("state", "GT").PostAsync("/api/v1/needs", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["amount.amount", "endDate", "instruments", "sector", "status", "title"], errors.Select(e => e.Key).Order());
    }

    [Theory]
    [InlineData("{\"country\": \"GT\",", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("[1,2,3]", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("country=GT", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("{}", "text/plain", HttpStatusCode.UnsupportedMediaType)]
    public async Task Create_WithMalformedBody_ReturnsClientError(string body, string mediaType, HttpStatusCode expected)
    {
        var response = await _factory.ClientAs("state", "GT").PostAsync("/api/v1/needs", Json.Body(body, mediaType));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Create_WithBodyOver64KiB_Returns413()
    {
        var body = NeedBodies.Valid();
        body["description"] = new string('x', 70_000);

        var response = await _factory.ClientAs("state", "GT").PostAsync("/api/v1/needs", Json.Body(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Create_WithoutToken_Returns401()
    {
        var response = await _factory.CreateClient().PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Create_AsDonor_Returns403()
    {
        var response = await _factory.ClientAs("donor", "EU").PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Patch_WithCurrentVersion_UpdatesAndIncrementsVersion()
    {
        var client = _factory.ClientAs("state", "GT");
        var created = await (await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()))).ReadObjectAsync();
        var id = created["id"]!.GetValue<string>();

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/needs/{id}")
        {
            Content = Json.Body("{\"priority\":\"high\",\"targetPopulation\":null}", "application/merge-patch+json"),
        };
        patch.Headers.IfMatch.Add(new("\"1\""));
        var response = await client.SendAsync(patch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadObjectAsync();
        Assert.Equal("high", updated["priority"]!.GetValue<string>());
        Assert.Null(updated["targetPopulation"]);
        Assert.Equal(2, updated["version"]!.GetValue<long>());
        var audit = await (await client.GetAsync($"/api/v1/audit?entityId={id}")).ReadObjectAsync();
        Assert.Equal(["need.created", "need.updated"], audit["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Patch_WithoutIfMatch_Returns428_AndStale_Returns412()
    {
        var client = _factory.ClientAs("state", "GT");
        var id = (await (await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()))).ReadObjectAsync())["id"]!.GetValue<string>();

        var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/needs/{id}") { Content = Json.Body("{\"priority\":\"low\"}") });
        var staleRequest = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/needs/{id}") { Content = Json.Body("{\"priority\":\"low\"}") };
        staleRequest.Headers.IfMatch.Add(new("\"7\""));
        var stale = await client.SendAsync(staleRequest);

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var need = await (await client.GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync();
        Assert.Equal("critical", need["priority"]!.GetValue<string>());
        Assert.Equal(1, need["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_TwoConcurrentWithSameIfMatch_ExactlyOneWins()
    {
        var client = _factory.ClientAs("state", "GT");
        var id = (await (await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()))).ReadObjectAsync())["id"]!.GetValue<string>();

        HttpRequestMessage Patch(string priority)
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/needs/{id}") { Content = Json.Body($"{{\"priority\":\"{priority}\"}}") };
            request.Headers.IfMatch.Add(new("\"1\""));
            return request;
        }
        var results = await Task.WhenAll(client.SendAsync(Patch("high")), client.SendAsync(Patch("low")));

        Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.PreconditionFailed);
        var need = await (await client.GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync();
        Assert.Equal(2, need["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Patch_ByAnotherState_Returns403AndChangesNothing()
    {
        var id = (await (await _factory.ClientAs("state", "GT").PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()))).ReadObjectAsync())["id"]!.GetValue<string>();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/needs/{id}") { Content = Json.Body("{\"priority\":\"low\"}") };
        request.Headers.IfMatch.Add(new("\"1\""));

        var response = await _factory.ClientAs("state", "MX").SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var need = await (await _factory.ClientAs("state", "GT").GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync();
        Assert.Equal(1, need["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Withdraw_Twice_SecondIs409()
    {
        var client = _factory.ClientAs("state", "GT");
        var id = (await (await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()))).ReadObjectAsync())["id"]!.GetValue<string>();

        var first = await client.PostAsync($"/api/v1/needs/{id}/withdraw", null);
        var second = await client.PostAsync($"/api/v1/needs/{id}/withdraw", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("withdrawn", (await first.ReadObjectAsync())["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        // The outbox relay publishes after the response: poll rather than race the harness's inactivity timer.
        Assert.True(await Eventually.GetAsync(() => harness.Published.Any<NeedWithdrawn>(m => m.Context.Message.Need.Id == id), found => found, TimeSpan.FromSeconds(10),
            "NeedWithdrawn to be published"));
    }

    [Fact]
    public async Task List_WithInsertsBetweenPages_NeitherSkipsNorRepeats()
    {
        var client = _factory.ClientAs("state", "PA");
        for (var i = 0; i < 7; i++) await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid(country: "PA")));

        var seen = new List<string>();
        string? token = null;
        var inserted = 0;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/needs?country=PA&pageSize=3{(token is null ? "" : "&pageToken=" + token)}")).ReadObjectAsync();
            seen.AddRange(page["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()));
            token = page["nextPageToken"]?.GetValue<string>();
            if (inserted++ < 2) await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid(country: "PA")));
        }
        while (token is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var all = await (await client.GetAsync("/api/v1/needs?country=PA&pageSize=200")).ReadObjectAsync();
        Assert.Equal(all["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()), seen);
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=201")]
    [InlineData("pageToken=not-a-token")]
    [InlineData("status=closed")]
    public async Task List_WithBadQuery_Returns400(string query)
    {
        var response = await _factory.ClientAs("donor", "EU").GetAsync($"/api/v1/needs?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        var response = await _factory.ClientAs("donor", "EU").GetAsync("/api/v1/needs/need_00000000000000000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
