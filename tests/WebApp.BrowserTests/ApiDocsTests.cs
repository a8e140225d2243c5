using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ApiDocsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Docs_RenderTheMergedDocument_UnderTheGatewayCsp_WithNothingFromOtherHosts()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            BaseURL = fixture.System.Gateway.ToString(),
        });
        context.SetDefaultTimeout(20_000);
        var foreign = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "http" or "https" && url.Host != fixture.System.Gateway.Host)
            {
                foreign.Add(route.Request.Url);
                await route.AbortAsync();
                return;
            }
            await route.ContinueAsync();
        });
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };

        await page.GotoAsync("/docs");

        await Expect(page.GetByText("Support Platform Pledge Marketplace API").First).ToBeVisibleAsync();
        await Expect(page.GetByText("List needs").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Approve a proposed match").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "20-api-docs.png") });
        Assert.Empty(foreign);
        Assert.Empty(violations);
        await context.CloseAsync();
    }
}
