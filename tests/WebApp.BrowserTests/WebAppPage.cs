using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>What a person does in the web app, by role and label (Spanish, the default language).</summary>
public static class WebAppPage
{
    public static async Task SignInAsync(this IPage page, string clientId)
    {
        await page.GetByLabel("Organización de demostración").SelectOptionAsync(clientId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync();
    }

    public static ILocator Card(this IPage page, string text) => page.Locator("article").Filter(new() { HasText = text });

    /// <summary>Clicks the page's "Actualizar" button until target shows, or fails at the deadline.</summary>
    public static async Task RefreshUntilVisibleAsync(this IPage page, ILocator target, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await Expect(target.First).ToBeVisibleAsync(new() { Timeout = 2_000 });
                return;
            }
            catch (Exception e) when ((e is PlaywrightException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Actualizar", Exact = true }).ClickAsync();
            }
        }
    }

    /// <summary>On the dashboard: opens the by-country data table and reads Honduras' approved USD.</summary>
    public static async Task<string> HondurasApprovedAsync(this IPage page)
    {
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Financiamiento por país" });
        if (!await table.IsVisibleAsync())
        {
            await page.GetByText("Ver los datos como tabla").First.ClickAsync();
        }
        var row = table.GetByRole(AriaRole.Row, new() { Name = "Honduras" });
        return (await row.GetByRole(AriaRole.Cell).Nth(2).TextContentAsync())!;
    }

    public static async Task ScreenshotAsync(this IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}.png"), FullPage = true });

    public static Regex Text(string text) => new(Regex.Escape(text));
}
