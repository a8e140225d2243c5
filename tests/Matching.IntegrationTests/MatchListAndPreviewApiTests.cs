using System.Net;
using System.Text.Json.Nodes;
using MassTransit.Testing;
using Marketplace.Matching.Chair;
using Marketplace.Needs.Contracts;
using Marketplace.Pledges.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>
/// <c>GET /api/v1/matches</c> with <c>orderBy</c>, <c>sector</c> and <c>instrument</c> (cursors bound to the list they
/// came from), and <c>GET /api/v1/matches/{id}/preview</c> under the approval's rules.
/// </summary>
public sealed class MatchListAndPreviewApiTests : IClassFixture<DecisionsApiFactory>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private readonly DecisionsApiFactory _factory;

    public MatchListAndPreviewApiTests(DecisionsApiFactory factory)
    {
        _factory = factory;
        _factory.ChairTerms.Unavailable = false;
        _factory.ChairTerms.Term = new ChairTerm("ES", Today.AddDays(-30), Today.AddDays(30));
    }

    private ITestHarness Harness => _factory.Services.GetRequiredService<ITestHarness>();

    private HttpClient Secretariat => _factory.ClientAs("secretariat", "UNHCR-OAS");

    private async Task<JsonArray> ProposalsOfAsync(string query, int expected) =>
        (await Eventually.GetAsync(async () => await (await Secretariat.GetAsync($"/api/v1/matches?{query}")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count == expected, TimeSpan.FromSeconds(15), $"{expected} proposals for {query}"))["items"]!.AsArray();

    [Fact]
    public async Task List_OrderedByAmountDescending_PagesInThatOrder_AndATokenFromAnotherOrderIs400()
    {
        var needIds = new List<string>();
        decimal[] amounts = [300m, 900m, 500m, 700m, 100m];
        foreach (var amount in amounts)
        {
            var needId = Snapshots.NewId("need");
            needIds.Add(needId);
            await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(needId, country: "BZ", sector: "protection", amount: amount)));
        }
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(Snapshots.NewId("pledge"), amount: 5000m, countries: ["BZ"], sectors: ["protection"])));
        const string List = "status=proposed&country=BZ&sector=protection&instrument=grant";
        await ProposalsOfAsync(List, amounts.Length);

        var first = await (await Secretariat.GetAsync($"/api/v1/matches?{List}&orderBy=-amountUsd&pageSize=2")).ReadObjectAsync();
        var token = first["nextPageToken"]!.GetValue<string>();
        var rest = await (await Secretariat.GetAsync($"/api/v1/matches?{List}&orderBy=-amountUsd&pageSize=10&pageToken={token}")).ReadObjectAsync();
        using var otherOrder = await Secretariat.GetAsync($"/api/v1/matches?{List}&orderBy=amountUsd&pageToken={token}");
        using var otherFilter = await Secretariat.GetAsync($"/api/v1/matches?status=proposed&country=BZ&orderBy=-amountUsd&pageToken={token}");

        var read = first["items"]!.AsArray().Concat(rest["items"]!.AsArray()).Select(m => m!["amount"]!["amount"]!.GetValue<string>()).ToList();
        Assert.Equal(["900.00", "700.00", "500.00", "300.00", "100.00"], read);
        Assert.Null(rest["nextPageToken"]);
        Assert.Equal(HttpStatusCode.BadRequest, otherOrder.StatusCode);
        Assert.Contains("pageToken", (await otherOrder.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, otherFilter.StatusCode);
    }

    [Fact]
    public async Task List_WithUnknownOrderSectorAndInstrument_Returns400ListingEachField()
    {
        using var response = await Secretariat.GetAsync("/api/v1/matches?orderBy=amount&sector=roads&instrument=cash");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["instrument", "orderBy", "sector"], errors);
    }

    [Fact]
    public async Task Preview_BySecretariat_ShowsCoverageBeforeAndAfter_AndChangesNothing()
    {
        var needId = Snapshots.NewId("need");
        var pledgeId = Snapshots.NewId("pledge");
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(needId, country: "SV", sector: "education", amount: 1000m) with { Funded = 250m, Status = "partially-funded" }));
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(pledgeId, amount: 600m, countries: ["SV"], sectors: ["education"]) with { Allocated = 100m, Status = "partially-allocated" }));
        var match = (await ProposalsOfAsync($"needId={needId}&status=proposed", 1))[0]!;

        using var response = await Secretariat.GetAsync($"/api/v1/matches/{match["id"]}/preview");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.ReadObjectAsync();
        Assert.Equal("500.00", match["amount"]!["amount"]!.GetValue<string>());
        Assert.Equal(("250.00", "750.00", "250.00"), Amounts(preview["need"]!, "fundedBefore", "fundedAfter", "remainingAfter"));
        Assert.Equal(("100.00", "600.00", "0.00"), Amounts(preview["pledge"]!, "allocatedBefore", "allocatedAfter", "remainingAfter"));
        Assert.Empty(preview["supersedes"]!.AsArray());
        Assert.Equal("proposed", (await (await Secretariat.GetAsync($"/api/v1/matches/{match["id"]}")).ReadObjectAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Preview_FollowsTheApprovalRules_403ForNonDecidersAndRecusals_404Unknown_409WhenDecided()
    {
        var needId = Snapshots.NewId("need");
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(needId, country: "CR", sector: "livelihoods", amount: 800m)));
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(Snapshots.NewId("pledge"), amount: 800m, countries: ["CR"], sectors: ["livelihoods"], donor: "ES")));
        var matchId = (await ProposalsOfAsync($"needId={needId}&status=proposed", 1))[0]!["id"]!.GetValue<string>();

        using var byState = await _factory.ClientAs("state", "CR").GetAsync($"/api/v1/matches/{matchId}/preview");
        using var byDonor = await _factory.ClientAs("donor", "ES").GetAsync($"/api/v1/matches/{matchId}/preview");
        using var byRecusedChair = await _factory.ClientAs("chair", "ES").GetAsync($"/api/v1/matches/{matchId}/preview");
        using var unknown = await Secretariat.GetAsync("/api/v1/matches/match_unknown/preview");
        using var reject = await Secretariat.PostAsync($"/api/v1/matches/{matchId}/reject", Json.Body("""{"reason":"Covered elsewhere."}"""));
        using var afterReject = await Secretariat.GetAsync($"/api/v1/matches/{matchId}/preview");

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.Conflict],
            [byState.StatusCode, byDonor.StatusCode, byRecusedChair.StatusCode, unknown.StatusCode, reject.StatusCode, afterReject.StatusCode]);
        Assert.Contains("secretariat decides", (await byRecusedChair.ReadObjectAsync())["detail"]!.GetValue<string>());
    }

    private static (string, string, string) Amounts(JsonNode side, string a, string b, string c) =>
        (side[a]!["amount"]!.GetValue<string>(), side[b]!["amount"]!.GetValue<string>(), side[c]!["amount"]!.GetValue<string>());
}
