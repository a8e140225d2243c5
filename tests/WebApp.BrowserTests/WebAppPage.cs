using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>What a person does in the web app, by role and label (Spanish, the default language).</summary>
public static class WebAppPage
{
    public const string DemoPassword = "demo-password-2026";
    public const string DemoTotpKey = "JBSWY3DPEHPK3PXP";

    /// <summary>
    /// Signs a demo person in through the real sign-in page of the identity service: a demo client id of the
    /// old picker (<c>state-gt</c>, <c>donor-us</c>, <c>chair</c>...) names the person <c>gt@demo.invalid</c> etc.
    /// Chair, secretariat and fund people type a TOTP code computed here from the demo key.
    /// </summary>
    public static async Task SignInAsync(this IPage page, string who)
    {
        var email = who.Contains('@') ? who : who switch
        {
            "fund-manager" => "fund@demo.invalid",
            _ when who.StartsWith("state-", StringComparison.Ordinal) || who.StartsWith("donor-", StringComparison.Ordinal) => $"{who[6..]}@demo.invalid",
            _ => $"{who}@demo.invalid",
        };
        await SignInWithPasswordAsync(page, email, DemoPassword,
            email is "chair@demo.invalid" or "secretariat@demo.invalid" or "fund@demo.invalid" ? DemoTotpKey : null);
    }

    public static async Task SignInWithPasswordAsync(this IPage page, string email, string password, string? totpKey)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await page.GetByLabel("Correo electrónico").FillAsync(email);
        await page.GetByLabel("Contraseña").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        if (totpKey is not null)
        {
            await page.GetByLabel("Código").FillAsync(new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(totpKey)).ComputeTotp());
            await page.GetByRole(AriaRole.Button, new() { Name = "Verificar" }).ClickAsync();
        }
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync();
    }

    public static async Task SignOutAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Entrar" })).ToBeVisibleAsync();
    }

    /// <summary>A card, or a table row (the review queue, the needs and pledges lists), that shows <paramref name="text"/>.</summary>
    public static ILocator Card(this IPage page, string text) => page.Locator("article, tbody > tr:not(.details-row)").Filter(new() { HasText = text });

    /// <summary>Opens the details panel of the review queue's row for <paramref name="needTitle"/> and returns the panel.</summary>
    public static async Task<ILocator> ProposalDetailsAsync(this IPage page, string needTitle)
    {
        var row = page.Card(needTitle);
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Detalles|Details):") }).ClickAsync();
        var panel = page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex($"^(Detalles de|Details of) {Regex.Escape(needTitle)}$") });
        await Expect(panel).ToBeVisibleAsync();
        return panel;
    }

    /// <summary>Fails when the page scrolls sideways (a wide table must scroll inside its own region), naming what sticks out.</summary>
    public static async Task AssertNoHorizontalOverflowAsync(this IPage page, string state)
    {
        var wide = await page.EvaluateAsync<string[]>("""
            () => document.documentElement.scrollWidth <= window.innerWidth ? [] :
              [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5
                && !e.parentElement.closest('.table-scroll, .chart-scroll')).slice(0, 8)
                .map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)
            """);
        var overflows = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflows, $"'{state}' overflows the viewport horizontally: {string.Join(", ", wide)}");
    }

    /// <summary>Runs axe (WCAG 2.0/2.1 A and AA) on the page as it settles and fails listing every violation.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string state)
    {
        // A button that just took focus or the pointer fades its colour in (a 0.12 s transition): measure the settled
        // colours, not a frame in between.
        await page.EvaluateAsync("() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))");
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.NotEmpty(result.Passes);
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — " +
            string.Join(" | ", v.Nodes.Take(5).Select(n => $"{n.Target} {n.Html}")));
        Assert.True(result.Violations.Length == 0, $"axe found {result.Violations.Length} WCAG 2.1 A/AA violations in state '{state}':\n" + string.Join("\n", violations));
    }

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
