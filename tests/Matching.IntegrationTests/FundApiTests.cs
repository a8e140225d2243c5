using MassTransit.Testing;
using Marketplace.Needs.Contracts;
using Marketplace.Pledges.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;

namespace Marketplace.Matching.IntegrationTests;

/// <summary><c>GET /api/v1/fund</c> on a service of its own, so the pool is exactly what this test posts.</summary>
public sealed class FundApiTests(MatchingApiFactory factory) : IClassFixture<MatchingApiFactory>
{
    private const string Fund = "MIRPS-FUND";

    private ITestHarness Harness => factory.Services.GetRequiredService<ITestHarness>();

    private HttpClient Reader => factory.ClientAs("state", "CR");

    private async Task<JsonArray> ProposalsAsync(string query) =>
        (await (await Reader.GetAsync($"/api/v1/matches?status=proposed&{query}")).ReadObjectAsync())["items"]!.AsArray();

    [Fact]
    public async Task Fund_ShowsThePoolWhatIsProposedAndTheReferredNeedsByCountryAndSector()
    {
        var need = Snapshots.NewId("need");
        var fund = Snapshots.NewId("pledge");
        var withdrawn = Snapshots.NewId("pledge");
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(fund, amount: 2000m, currency: "EUR", countries: ["CR"], sectors: ["local-governance"], donor: Fund)));
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(withdrawn, amount: 9000m, countries: ["CR"], sectors: ["local-governance"], donor: Fund,
            status: "withdrawn")));
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(need, country: "CR", sector: "local-governance", amount: 700m, referred: true)));
        await Eventually.GetAsync(() => ProposalsAsync($"needId={need}"), items => items.Count == 1, TimeSpan.FromSeconds(15), "the Fund's proposal");

        var body = await (await Reader.GetAsync("/api/v1/fund")).ReadObjectAsync();

        var cr = body["byCountry"]!.AsArray().Single(r => r!["country"]!.GetValue<string>() == "CR")!;
        Assert.Equal(("1", "700.00", "700.00", "0.00"), (cr["referredNeeds"]!.ToJsonString(), cr["requestedUsd"]!.GetValue<string>(),
            cr["proposedUsd"]!.GetValue<string>(), cr["approvedUsd"]!.GetValue<string>()));
        var sector = body["bySector"]!.AsArray().Single(r => r!["sector"]!.GetValue<string>() == "local-governance")!;
        Assert.Equal(1, sector["referredNeeds"]!.GetValue<int>());
        var pool = decimal.Parse(body["poolUsd"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        // The EUR pledge at 1.085 USD; the withdrawn one only for what was approved from it (nothing).
        Assert.Equal(2170m, pool);
        Assert.Equal(body["poolUsd"]!.GetValue<string>(), body["availableUsd"]!.GetValue<string>());
        Assert.Equal("0.00", body["approvedUsd"]!.GetValue<string>());
        Assert.DoesNotContain(body["byCountry"]!.AsArray(), r => r!["country"]!.GetValue<string>() == "CR" && r["proposedUsd"]!.GetValue<string>() == "0.00");
    }
}
