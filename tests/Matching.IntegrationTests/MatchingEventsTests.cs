using System.Text.Json.Nodes;
using MassTransit.Testing;
using Marketplace.Matching.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Pledges.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.IntegrationTests;

public sealed class MatchingEventsTests : IClassFixture<MatchingApiFactory>
{
    private readonly MatchingApiFactory _factory;

    public MatchingEventsTests(MatchingApiFactory factory) => _factory = factory;

    private ITestHarness Harness => _factory.Services.GetRequiredService<ITestHarness>();

    [Fact]
    public async Task NeedAndPledgeEvents_AreConsumed_AndARoundProposesTheMatch()
    {
        var client = _factory.ClientAs("secretariat", "UNHCR-OAS");
        var needId = Snapshots.NewId("need");
        var pledgeId = Snapshots.NewId("pledge");

        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(needId, country: "HN", sector: "education", amount: 5000m)));
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(pledgeId, amount: 2000m, currency: "EUR", countries: ["HN"], sectors: ["education"])));

        var page = await Eventually.GetAsync(
            async () => await (await client.GetAsync($"/api/v1/matches?needId={needId}")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15), "a proposal");
        var match = page["items"]!.AsArray()[0]!;
        Assert.Equal(pledgeId, match["pledgeId"]!.GetValue<string>());
        Assert.Equal("2000.00", match["amount"]!["amount"]!.GetValue<string>());
        Assert.Equal("EUR", match["amount"]!["currency"]!.GetValue<string>());
        Assert.Equal("2170.00", match["needAmount"]!["amount"]!.GetValue<string>());
        Assert.Equal("1.085", match["fxRate"]!.GetValue<string>().TrimEnd('0'));
        Assert.Contains(match["reasons"]!.AsArray(), r => r!.GetValue<string>().StartsWith("FX rate"));
        var codes = match["reasonCodes"]!.AsArray();
        Assert.Equal(match["reasons"]!.AsArray().Count, codes.Count);
        Assert.Equal(["country-earmarked", "sector-shared", "instrument-accepted", "priority", "coverage", "fx-rate"],
            codes.Select(c => c!["code"]!.GetValue<string>()));
        var fx = codes.Single(c => c!["code"]!.GetValue<string>() == "fx-rate")!["params"]!;
        Assert.Equal(("EUR", "USD", "1.085"), (fx["pledgeCurrency"]!.GetValue<string>(), fx["needCurrency"]!.GetValue<string>(),
            fx["rate"]!.GetValue<string>().TrimEnd('0')));
        var coverage = codes.Single(c => c!["code"]!.GetValue<string>() == "coverage")!["params"]!;
        Assert.Equal(("43.4", "2170.00", "5000.00", "USD"), (coverage["percent"]!.GetValue<string>(), coverage["amount"]!.GetValue<string>(),
            coverage["requested"]!.GetValue<string>(), coverage["currency"]!.GetValue<string>()));

        // The new proposal leaves through the outbox as its own event (the notifications service tells the parties).
        var matchId = match["id"]!.GetValue<string>();
        Assert.True(await Harness.Published.Any<MatchProposed>(m => m.Context.Message.MatchId == matchId));
        var proposed = Harness.Published.Select<MatchProposed>(m => m.Context.Message.MatchId == matchId).Single().Context.Message;
        Assert.Equal((needId, pledgeId, "HN", "education", 2000m, "EUR", 2170m, "USD"),
            (proposed.NeedId, proposed.PledgeId, proposed.Country, proposed.Sector, proposed.Amount, proposed.Currency, proposed.NeedAmount, proposed.NeedCurrency));
    }

    [Fact]
    public async Task DuplicateAndReorderedEvents_LeaveTheLatestVersion()
    {
        var client = _factory.ClientAs("secretariat", "UNHCR-OAS");
        var needId = Snapshots.NewId("need");
        var pledgeId = Snapshots.NewId("pledge");
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(pledgeId, amount: 700m, countries: ["BZ"], sectors: ["protection"])));
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(needId, country: "BZ", sector: "protection", amount: 500m, version: 1)));
        var first = (await Eventually.GetAsync(
            async () => await (await client.GetAsync($"/api/v1/matches?needId={needId}&status=proposed")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15), "the first proposal"))["items"]!.AsArray()[0]!;

        await Harness.Bus.Publish(new NeedUpdated(Snapshots.Need(needId, country: "BZ", sector: "protection", amount: 600m, version: 2)));
        await Harness.Bus.Publish(new NeedWithdrawn(Snapshots.Need(needId, country: "BZ", sector: "protection", amount: 600m, version: 3, status: "withdrawn")));
        await Harness.Bus.Publish(new NeedUpdated(Snapshots.Need(needId, country: "BZ", sector: "protection", amount: 600m, version: 2)));
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(needId, country: "BZ", sector: "protection", amount: 500m, version: 1)));

        await Eventually.GetAsync(
            async () => await (await client.GetAsync($"/api/v1/matches/{first["id"]}")).ReadObjectAsync(),
            m => m["status"]!.GetValue<string>() == "superseded", TimeSpan.FromSeconds(15), "the proposal to be superseded");
        await client.PostAsync("/api/v1/matching/runs", null);
        var open = await (await client.GetAsync($"/api/v1/matches?needId={needId}&status=proposed")).ReadObjectAsync();
        Assert.Empty(open["items"]!.AsArray());
        Assert.False(await Harness.Published.Any<MassTransit.Fault<NeedUpdated>>());
    }
}
