using System.Text.Json.Nodes;
using Marketplace.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>The money trail in the browser: a donor commits and disburses, the member state confirms, the dashboard follows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MoneyTrailBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task DonorCommitsAndDisburses_StateConfirmsReceipt_DashboardShowsTheMoney()
    {
        const string needTitle = "Browser: trail of a shelter in Belize";
        var system = fixture.System;
        // The approval itself is covered by MarketplaceFlowTests; here it is set up through the API.
        var stateApi = await system.ClientAsync("state-bz");
        var donorApi = await system.ClientAsync("donor-ch");
        var secretariatApi = await system.ClientAsync("secretariat");
        var needId = (await (await stateApi.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"BZ","title":"{{needTitle}}","sector":"reception-shelter","amount":{"amount":"9000.00","currency":"USD"},"instruments":["grant"],"priority":"high"}
            """))).ReadObjectAsync())["id"]!.GetValue<string>();
        var pledgeId = (await (await donorApi.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"Browser: Swiss shelter support","amount":{"amount":"5000.00","currency":"USD"},"instrument":"grant","countries":["BZ"],"sectors":["reception-shelter"]}
            """))).ReadObjectAsync())["id"]!.GetValue<string>();
        var proposal = (await Eventually.GetAsync(
            async () => await (await secretariatApi.GetAsync($"api/v1/matches?status=proposed&needId={needId}&pledgeId={pledgeId}")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(30), "the proposal"))["items"]![0]!;
        (await secretariatApi.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null)).EnsureSuccessStatusCode();
        await Eventually.GetAsync(async () => await (await donorApi.GetAsync($"api/v1/flows?needId={needId}")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15), "the flow");

        // The donor records the commitment and a disbursement.
        var donor = await fixture.OpenAsync();
        await donor.SignInAsync("donor-ch");
        await donor.GetByRole(AriaRole.Link, new() { Name = "Flujos de fondos" }).ClickAsync();
        var card = donor.Card(needTitle);
        await Expect(card).ToContainTextAsync("Aprobado");
        var commit = card.GetByRole(AriaRole.Form, new() { Name = "Registrar compromiso" });
        await commit.GetByLabel("Fecha de firma").FillAsync("2026-11-02");
        await commit.GetByLabel("Referencia").FillAsync("CH-BZ-01");
        await commit.GetByRole(AriaRole.Button, new() { Name = "Registrar compromiso" }).ClickAsync();
        await Expect(donor.GetByRole(AriaRole.Status)).ToContainTextAsync("Compromiso registrado");
        var disburse = donor.Card(needTitle).GetByRole(AriaRole.Form, new() { Name = "Registrar desembolso" });
        await disburse.GetByLabel("Fecha", new() { Exact = true }).FillAsync("2026-11-10");
        await disburse.GetByLabel("Importe (USD)").FillAsync("2000.00");
        await disburse.GetByLabel("Referencia").FillAsync("SWIFT-77");
        await disburse.GetByRole(AriaRole.Button, new() { Name = "Registrar desembolso" }).ClickAsync();
        await Expect(donor.GetByRole(AriaRole.Status)).ToContainTextAsync("Desembolso registrado");
        await Expect(donor.Card(needTitle)).ToContainTextAsync("Desembolsado en parte");
        await donor.ScreenshotAsync("06-donor-money-trail");

        // The member state confirms the receipt.
        var state = await fixture.OpenAsync();
        await state.SignInAsync("state-bz");
        await state.GetByRole(AriaRole.Link, new() { Name = "Flujos de fondos" }).ClickAsync();
        await state.Card(needTitle).GetByRole(AriaRole.Button, new() { NameRegex = WebAppPage.Text("Confirmar recepción") }).ClickAsync();
        await Expect(state.GetByRole(AriaRole.Status)).ToContainTextAsync("Recepción confirmada");
        await Expect(state.Card(needTitle)).ToContainTextAsync("recibido el");

        // The dashboard shows the disbursed money once the flow events reached the summary.
        await Eventually.GetAsync(async () => await (await secretariatApi.GetAsync("api/v1/summary")).ReadObjectAsync(),
            s => decimal.Parse(s["totals"]!["disbursedUsd"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= 2000m,
            TimeSpan.FromSeconds(15), "the summary's disbursed USD");
        await state.GetByRole(AriaRole.Link, new() { Name = "Panel" }).ClickAsync();
        await Expect(state.Locator("[data-total=disbursed] dt")).ToHaveTextAsync("Desembolsado");
        await Expect(state.Locator("[data-total=disbursed] dd")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"[1-9][\d,.]*\.\d\d"));
        await state.ScreenshotAsync("07-dashboard-disbursed");
    }
}
