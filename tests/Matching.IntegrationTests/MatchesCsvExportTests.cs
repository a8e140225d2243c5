using MassTransit.Testing;
using Marketplace.Needs.Contracts;
using Marketplace.Pledges.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.IntegrationTests;

public sealed class MatchesCsvExportTests : IClassFixture<MatchingApiFactory>
{
    private readonly MatchingApiFactory _factory;

    public MatchesCsvExportTests(MatchingApiFactory factory) => _factory = factory;

    [Fact]
    public async Task CsvExport_OfMatchesAndFxRates_HasExactlyTheRowsOfTheJsonLists()
    {
        var harness = _factory.Services.GetRequiredService<ITestHarness>();
        var client = _factory.ClientAs("donor", "EU");
        for (var i = 0; i < 9; i++)
        {
            await harness.Bus.Publish(new NeedPublished(Snapshots.Need(Snapshots.NewId("need"), country: "CR", sector: "education", amount: 1000m + i)));
        }
        await harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(Snapshots.NewId("pledge"), amount: 6000m, currency: "EUR", countries: ["CR"], sectors: ["education"])));
        await harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(Snapshots.NewId("pledge"), amount: 8000m, countries: ["CR"], sectors: ["education"])));
        await Eventually.GetAsync(
            async () => await CsvExports.ReadAllPagesAsync(client, "/api/v1/matches?country=CR&status=proposed"),
            items => items.Count >= 9, TimeSpan.FromSeconds(20), "proposals for every need");

        var matches = await CsvExports.AssertMatchesJsonListAsync(client, "/api/v1/matches?country=CR&status=proposed");
        var rates = await CsvExports.AssertMatchesJsonListAsync(client, "/api/v1/fx-rates");
        var (_, rows) = await CsvExports.ReadAsync(client, "/api/v1/matches?country=CR&status=proposed");

        Assert.True(matches >= 9);
        Assert.True(rates >= 16);
        Assert.All(rows, r => Assert.Contains(";", r["reasons"]));
        Assert.Contains(rows, r => r["amount.currency"] == "EUR" && r["needAmount.currency"] == "USD" && r["fxRate"].StartsWith("1.085"));
    }
}
