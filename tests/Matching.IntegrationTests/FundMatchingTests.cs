using MassTransit.Testing;
using Marketplace.Matching.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Pledges.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>
/// The MIRPS Fund through the round runner and <c>GET /api/v1/fund</c>: Fund pledges reach referred needs only,
/// for what bilateral pledges leave; rounds report which needs hold bilateral proposals. Each test has its own
/// country and sector.
/// </summary>
public sealed class FundMatchingTests(MatchingApiFactory factory) : IClassFixture<MatchingApiFactory>
{
    private const string Fund = "MIRPS-FUND";

    private ITestHarness Harness => factory.Services.GetRequiredService<ITestHarness>();

    private HttpClient Reader => factory.ClientAs("donor", "ES");

    private async Task<JsonArray> ProposalsAsync(string query) =>
        (await (await Reader.GetAsync($"/api/v1/matches?status=proposed&{query}")).ReadObjectAsync())["items"]!.AsArray();

    private static decimal Amount(JsonNode? match) => decimal.Parse(match!["needAmount"]!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task FundPledge_IsProposedOnlyToTheReferredNeed_AndOnlyForWhatTheBilateralPledgeLeaves()
    {
        var referred = Snapshots.NewId("need");
        var notReferred = Snapshots.NewId("need");
        var bilateral = Snapshots.NewId("pledge");
        var fund = Snapshots.NewId("pledge");
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(fund, amount: 50_000m, countries: ["PA"], sectors: ["statistical-inclusion"], donor: Fund)));
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(bilateral, amount: 600m, countries: ["PA"], sectors: ["statistical-inclusion"], donor: "CA")));
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(referred, country: "PA", sector: "statistical-inclusion", amount: 1000m, referred: true)));
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(notReferred, country: "PA", sector: "statistical-inclusion", amount: 1000m)));

        var toReferred = await Eventually.GetAsync(() => ProposalsAsync($"needId={referred}"),
            items => items.Sum(Amount) == 1000m && items.Any(m => m!["donor"]!.GetValue<string>() == Fund), TimeSpan.FromSeconds(15),
            "the referred need covered, the Fund's part included");
        var toOther = await Eventually.GetAsync(() => ProposalsAsync($"needId={notReferred}"), _ => true, TimeSpan.FromSeconds(1), "the other need");

        var bilateralTotal = toReferred.Concat(toOther).Where(m => m!["donor"]!.GetValue<string>() == "CA").Sum(Amount);
        Assert.Equal(600m, bilateralTotal);
        Assert.DoesNotContain(toOther, m => m!["donor"]!.GetValue<string>() == Fund);
        Assert.Equal(1000m - toReferred.Where(m => m!["donor"]!.GetValue<string>() == "CA").Sum(Amount),
            toReferred.Where(m => m!["donor"]!.GetValue<string>() == Fund).Sum(Amount));
        var fundOnly = await ProposalsAsync($"donor={Fund}&country=PA");
        Assert.All(fundOnly, m => Assert.Equal(referred, m!["needId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Round_ReportsTheNeedsHoldingBilateralProposals_WithWhetherTheyCoverTheGap()
    {
        var covered = Snapshots.NewId("need");
        var partly = Snapshots.NewId("need");
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(covered, country: "BZ", sector: "education", amount: 300m, priority: "critical")));
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(partly, country: "BZ", sector: "health", amount: 5000m)));
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(Snapshots.NewId("pledge"), amount: 300m, countries: ["BZ"], sectors: ["education"], donor: "UY")));
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(Snapshots.NewId("pledge"), amount: 100m, countries: ["BZ"], sectors: ["health"], donor: "UY")));

        NeedProposalActivity? Reported(string needId) => Harness.Published.Select<MatchingRoundCompleted>()
            .SelectMany(m => m.Context.Message.Needs ?? []).LastOrDefault(n => n.NeedId == needId);
        await Eventually.GetAsync(() => Task.FromResult(Reported(covered) is not null && Reported(partly) is not null), found => found,
            TimeSpan.FromSeconds(15), "both needs reported");

        Assert.True(Reported(covered)!.CoversGap);
        Assert.False(Reported(partly)!.CoversGap);
    }
}
