using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>
/// axe (WCAG 2.0 and 2.1, levels A and AA) on every view and state of the web app: signed out, the identity
/// service's sign-in pages with and without errors, each role's views at desktop and phone widths, forms
/// showing validation errors, and dialogs. The review queue's table, details panel and dialogs are checked
/// at scale in <see cref="ReviewQueueScaleTests"/>. No rule is disabled: a violation is fixed in the app.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SignedOutAndSignInPages_WithErrors_HaveNoViolations()
    {
        var page = await fixture.OpenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Entrar" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("signed out");

        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByLabel("Correo electrónico")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("sign-in page");
        await page.GetByLabel("Correo electrónico").FillAsync("chair@demo.invalid");
        await page.GetByLabel("Contraseña").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByLabel("Contraseña")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("sign-in page with a wrong password");

        await page.GetByLabel("Correo electrónico").FillAsync("chair@demo.invalid");
        await page.GetByLabel("Contraseña").FillAsync(WebAppPage.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByLabel("Código")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("second factor page");
        await page.GetByLabel("Código").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verificar" }).ClickAsync();
        await Expect(page.GetByLabel("Código")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("second factor page with a wrong code");
    }

    [Theory]
    [InlineData("state-gt")]
    [InlineData("donor-ca")]
    [InlineData("chair")]
    [InlineData("secretariat")]
    [InlineData("fund-manager")]
    public async Task EveryViewOfEachRole_AtDesktopAndPhoneWidth_InBothLanguages_HasNoViolations(string who)
    {
        var page = await fixture.OpenAsync();
        await page.SignInAsync(who);
        var links = await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link).EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var href in links)
            {
                await OpenAsync(page, href);
                await page.AssertAccessibleAsync($"{who}: {href} at {width} px");
                await page.AssertNoHorizontalOverflowAsync($"{who}: {href} at {width} px");
            }
        }
        await page.SetViewportSizeAsync(1280, 900);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await OpenAsync(page, links[0]);
        await page.AssertAccessibleAsync($"{who}: {links[0]} in English");
        await page.ScreenshotAsync($"40-axe-{who}-english");
    }

    [Fact]
    public async Task NeedAndPledgeForms_ShowingValidationErrors_HaveNoViolations()
    {
        var state = await fixture.OpenAsync();
        await state.SignInAsync("state-hn");
        await state.GetByRole(AriaRole.Link, new() { Name = "Publicar una necesidad" }).ClickAsync();
        await state.GetByLabel("Importe solicitado").FillAsync("-5");
        await state.GetByRole(AriaRole.Button, new() { Name = "Publicar la necesidad" }).ClickAsync();
        await Expect(state.Locator(".error-summary")).ToBeFocusedAsync();
        await state.AssertAccessibleAsync("need form with validation errors");

        var donor = await fixture.OpenAsync();
        await donor.SignInAsync("donor-fr");
        await donor.GetByRole(AriaRole.Link, new() { Name = "Registrar un compromiso" }).ClickAsync();
        await donor.GetByRole(AriaRole.Button, new() { Name = "Registrar el compromiso" }).ClickAsync();
        await Expect(donor.Locator(".error-summary")).ToBeFocusedAsync();
        await donor.AssertAccessibleAsync("pledge form with validation errors");
        await donor.SetViewportSizeAsync(390, 844);
        await donor.AssertAccessibleAsync("pledge form with validation errors at phone width");
    }

    private static async Task OpenAsync(IPage page, string href)
    {
        await page.EvaluateAsync("href => { window.location.hash = href; }", href);
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await Expect(page.Locator("main[aria-busy]")).ToHaveCountAsync(0);
        await Expect(page.Locator("main .loading")).ToHaveCountAsync(0);
    }
}
