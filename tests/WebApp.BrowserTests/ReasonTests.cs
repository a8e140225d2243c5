using Marketplace.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ReasonTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ProposalReasons_AreRenderedFromReasonCodes_InSpanishAndInEnglish()
    {
        const string needTitle = "Browser: birth registration brigades in Colón";
        var state = await fixture.System.ClientAsync("state-pa");
        var donor = await fixture.System.ClientAsync("donor-ch");
        (await state.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"PA","title":"{{needTitle}}","sector":"statistical-inclusion","amount":{"amount":"20000.00","currency":"USD"},"instruments":["technical-assistance"],"priority":"critical"}
            """))).EnsureSuccessStatusCode();
        (await donor.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"Browser: Switzerland for statistical inclusion","amount":{"amount":"5000.00","currency":"CHF"},"instrument":"technical-assistance","countries":[],"sectors":["statistical-inclusion"]}
            """))).EnsureSuccessStatusCode();
        var page = await fixture.OpenAsync();
        await page.SignInAsync("secretariat");
        // Panama and this sector only: the review-queue scale test may have put hundreds of older Panama proposals in
        // the shared system ahead of this one.
        await page.GetByLabel("País").SelectOptionAsync(new SelectOptionValue { Label = "Panamá" });
        await page.GetByLabel("Sector").SelectOptionAsync(new SelectOptionValue { Label = "Inclusión estadística" });
        await page.RefreshUntilVisibleAsync(page.Card(needTitle), TimeSpan.FromSeconds(30));
        var proposal = await page.ProposalDetailsAsync(needTitle);

        var reasons = proposal.Locator(".reasons li");
        await Expect(reasons.Filter(new() { HasText = "El compromiso está abierto a todos los países MIRPS, incluido Panamá." })).ToHaveCountAsync(1);
        await Expect(reasons.Filter(new() { HasText = "Sector compartido: Inclusión estadística." })).ToHaveCountAsync(1);
        await Expect(reasons.Filter(new() { HasText = "La necesidad acepta el instrumento del compromiso (Asistencia técnica)." })).ToHaveCountAsync(1);
        await Expect(reasons.Filter(new() { HasText = "Prioridad de la necesidad: Crítica (peso 8)." })).ToHaveCountAsync(1);
        await Expect(reasons.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^Tipo de cambio .* USD por CHF") })).ToHaveCountAsync(1);
        await Expect(proposal).Not.ToContainTextAsync("The pledge is open");
        await page.ScreenshotAsync("21-reasons-spanish");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        proposal = page.GetByRole(AriaRole.Region, new() { Name = $"Details of {needTitle}" });

        await Expect(proposal.Locator(".reasons li").Filter(new() { HasText = "Shared sector: Statistical inclusion." })).ToHaveCountAsync(1);
        await Expect(proposal.Locator(".reasons li").Filter(new() { HasText = "The need accepts the pledge's instrument (Technical assistance)." })).ToHaveCountAsync(1);
    }
}
