using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class LanguageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Toggle_SwitchesLabelsBetweenSpanishAndEnglish_AndPersists()
    {
        var page = await fixture.OpenAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await page.SignInAsync("donor-ca");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compromisos de Canadá" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Panel" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Panel de financiamiento" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = WebAppPage.Text("Financiamiento por país") })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Funding dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "My pledges" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = WebAppPage.Text("Funding by country") })).ToBeVisibleAsync();
        await page.GetByText("Show the data as a table").First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Funding by country" }).GetByRole(AriaRole.Rowheader, new() { Name = "Mexico" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("06-dashboard-english");

        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Funding dashboard" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "My pledges" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pledges of Canada" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compromisos de Canadá" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Registrar un compromiso" })).ToBeVisibleAsync();
    }
}
