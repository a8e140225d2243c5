using Marketplace.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>
/// The MIRPS Fund in the web app: a state refers its need from its card (the card then shows the referred badge),
/// the Fund view shows the pool and the referred need's country in its chart and its data table, and the
/// secretariat's Fund view offers the open needs that are not referred yet.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FundBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task State_RefersItsNeed_TheCardShowsTheBadge_AndTheFundViewShowsThePortfolio()
    {
        // Belize social protection in kind: no other browser test publishes it, so the Fund's Belize row is this test's.
        var system = fixture.System;
        var fundApi = await system.ClientAsync("fund-manager");
        var stateApi = await system.ClientAsync("state-bz");
        (await fundApi.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"Browser: MIRPS Fund window","amount":{"amount":"80000.00","currency":"USD"},"instrument":"in-kind","countries":["BZ"],"sectors":["social-protection"]}
            """))).EnsureSuccessStatusCode();
        (await stateApi.PostAsync("api/v1/needs", Json.Body("""
            {"country":"BZ","title":"Browser: food baskets in Cayo","sector":"social-protection","amount":{"amount":"30000.00","currency":"USD"},"instruments":["in-kind"],"priority":"high"}
            """))).EnsureSuccessStatusCode();

        var page = await fixture.OpenAsync();
        await page.SignInAsync("state-bz");
        var card = page.Card("Browser: food baskets in Cayo");
        await card.GetByText("Remitir al Fondo MIRPS").ClickAsync();
        await card.GetByLabel("Motivo de la remisión").FillAsync("Ningún compromiso bilateral ofrece ayuda en especie aquí.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Remitir" }).ClickAsync();
        await Expect(page.Card("Browser: food baskets in Cayo").GetByText("Remitida al Fondo MIRPS")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Fondo MIRPS" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fondo MIRPS", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-total=pool] dd")).ToBeVisibleAsync();
        var byCountry = page.Locator("figure").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Cartera del Fondo por país" }) });
        await page.RefreshUntilVisibleAsync(byCountry.Locator("svg[role=img]"), TimeSpan.FromSeconds(30));
        await byCountry.GetByText("Ver los datos como tabla").ClickAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Cartera del Fondo por país" });
        await Expect(table.GetByRole(AriaRole.Rowheader, new() { Name = "Belice · remitidas: 1" })).ToBeVisibleAsync();

        // The secretariat refers any open need from the Fund view; the referred one is not offered again.
        await page.SignOutAsync();
        await page.SignInAsync("secretariat");
        await page.GetByRole(AriaRole.Link, new() { Name = "Fondo MIRPS" }).ClickAsync();
        var referable = page.Locator("section").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Remitir una necesidad al Fondo" }) });
        await Expect(referable).ToBeVisibleAsync();
        await Expect(referable.GetByText("Browser: food baskets in Cayo")).ToHaveCountAsync(0);
    }
}
