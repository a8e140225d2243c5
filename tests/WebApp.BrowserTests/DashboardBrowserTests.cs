using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>The dashboard follows the money: committed and disbursed series, and the donor → country flows in USD.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture fixture)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Fact]
    public async Task AfterCommitmentAndDisbursement_DashboardShowsTheTrailSeries_AndTheDonorToCountryFlowInUsd()
    {
        // France (EUR) → Costa Rica: no other browser test uses this donor, so the pair's row is this test's alone.
        var system = fixture.System;
        var stateApi = await system.ClientAsync("state-cr");
        var donorApi = await system.ClientAsync("donor-fr");
        var secretariatApi = await system.ClientAsync("secretariat");
        var needId = (await (await stateApi.PostAsync("api/v1/needs", Json.Body("""
            {"country":"CR","title":"Browser: dashboard clinic in Costa Rica","sector":"health","amount":{"amount":"50000.00","currency":"USD"},"instruments":["grant"],"priority":"high"}
            """))).ReadObjectAsync())["id"]!.GetValue<string>();
        var pledgeId = (await (await donorApi.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"Browser: French health support","amount":{"amount":"4000.00","currency":"EUR"},"instrument":"grant","countries":["CR"],"sectors":["health"]}
            """))).ReadObjectAsync())["id"]!.GetValue<string>();
        var proposal = (await Eventually.GetAsync(
            async () => await (await secretariatApi.GetAsync($"api/v1/matches?status=proposed&needId={needId}&pledgeId={pledgeId}")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(30), "the proposal"))["items"]![0]!;
        (await secretariatApi.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null)).EnsureSuccessStatusCode();
        var flow = (await Eventually.GetAsync(async () => await (await donorApi.GetAsync($"api/v1/flows?needId={needId}")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15), "the flow"))["items"]![0]!;
        var flowId = flow["id"]!.GetValue<string>();
        var approvedEur = decimal.Parse(flow["approved"]!["amount"]!.GetValue<string>(), Invariant);

        var commitment = new HttpRequestMessage(HttpMethod.Post, $"api/v1/flows/{flowId}/commitment")
        {
            Content = Json.Body("""{"signedOn":"2026-11-02","reference":"FR-CR-01"}"""),
        };
        commitment.Headers.Add("Idempotency-Key", $"commit-{flowId}");
        (await donorApi.SendAsync(commitment)).EnsureSuccessStatusCode();
        (await donorApi.PostAsync($"api/v1/flows/{flowId}/disbursements",
            Json.Body("""{"date":"2026-11-10","amount":{"amount":"1500.00","currency":"EUR"},"reference":"SWIFT-FR-1"}"""))).EnsureSuccessStatusCode();

        // What the diagram must show: the flow's EUR amounts at the published EUR rate, rounded half-even to cents.
        var rates = await (await secretariatApi.GetAsync("api/v1/fx-rates")).ReadObjectAsync();
        var eurRate = decimal.Parse(rates["items"]!.AsArray().Single(r => r!["currency"]!.GetValue<string>() == "EUR")!["usdPerUnit"]!.GetValue<string>(), Invariant);
        string Usd(decimal eur) => Math.Round(eur * eurRate, 2, MidpointRounding.ToEven).ToString("N2", Invariant);

        // The summary's Costa Rica row follows the trail once the flow events reach matching.
        var costaRica = (await Eventually.GetAsync(async () => await (await secretariatApi.GetAsync("api/v1/summary")).ReadObjectAsync(),
            s => decimal.Parse(CostaRica(s)["disbursedUsd"]!.GetValue<string>(), Invariant) >= Math.Round(1500m * eurRate, 2, MidpointRounding.ToEven),
            TimeSpan.FromSeconds(15), "the summary's disbursed USD for Costa Rica")).AsObject();
        var summaryRow = CostaRica(costaRica);

        var page = await fixture.OpenAsync();
        await page.SignInAsync("secretariat");
        await page.GetByRole(AriaRole.Link, new() { Name = "Panel" }).ClickAsync();

        // The by-country chart draws the committed and disbursed series, and its table lists them.
        var byCountry = page.Locator("figure").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Financiamiento por país" }) });
        await Expect(byCountry.Locator(".legend")).ToContainTextAsync("Comprometido");
        await Expect(byCountry.Locator(".legend")).ToContainTextAsync("Desembolsado");
        Assert.True(await byCountry.Locator("rect.series-disbursed").CountAsync() > 0);
        await byCountry.GetByText("Ver los datos como tabla").ClickAsync();
        var countryTable = page.GetByRole(AriaRole.Table, new() { Name = "Financiamiento por país" });
        await Expect(countryTable.GetByRole(AriaRole.Columnheader, new() { Name = "Comprometido" })).ToBeVisibleAsync();
        var crRow = countryTable.GetByRole(AriaRole.Row, new() { Name = "Costa Rica" });
        await Expect(crRow.GetByRole(AriaRole.Cell).Nth(3)).ToContainTextAsync(Number(summaryRow["committedUsd"]!));
        await Expect(crRow.GetByRole(AriaRole.Cell).Nth(4)).ToContainTextAsync(Number(summaryRow["disbursedUsd"]!));

        // The donor → country diagram is a named image, and its table has France → Costa Rica in USD.
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Flujos de donante a país" })).ToBeVisibleAsync();
        var flows = page.Locator("figure").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Flujos de donante a país" }) });
        await flows.GetByText("Ver los datos como tabla").ClickAsync();
        var flowRow = page.GetByRole(AriaRole.Table, new() { Name = "Flujos de donante a país" }).GetByRole(AriaRole.Row, new() { Name = "Francia" });
        await Expect(flowRow).ToHaveCountAsync(1);
        await Expect(flowRow.GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync("Costa Rica");
        await Expect(flowRow.GetByRole(AriaRole.Cell).Nth(1)).ToContainTextAsync(Usd(approvedEur));
        await Expect(flowRow.GetByRole(AriaRole.Cell).Nth(2)).ToContainTextAsync(Usd(approvedEur));
        await Expect(flowRow.GetByRole(AriaRole.Cell).Nth(3)).ToContainTextAsync(Usd(1500m));
        await page.ScreenshotAsync("11-dashboard-flows");
    }

    private static JsonNode CostaRica(JsonNode summary) =>
        summary["byCountry"]!.AsArray().Single(r => r!["country"]!.GetValue<string>() == "CR")!;

    /// <summary>A USD decimal string as the Spanish (es-419) page writes its digits: 1,234.50.</summary>
    private static string Number(JsonNode usd) => decimal.Parse(usd.GetValue<string>(), Invariant).ToString("N2", Invariant);
}
