using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using Marketplace.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>The header's bell: a person's unread count, and a panel of their notifications in the interface's language.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationsBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Bell_ShowsTheUnreadProposal_AndThePanelMarksItRead()
    {
        var page = await fixture.OpenAsync();
        await page.SignInAsync("state-cr");
        var token = await page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('marketplace.session')).accessToken");
        using var person = new HttpClient { BaseAddress = fixture.System.Gateway };
        person.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var need = await (await fixture.System.ClientAsync("state-cr")).PostAsync("api/v1/needs", Body(
            """{"country":"CR","title":"Bell need","sector":"education","amount":{"amount":"12345.00","currency":"USD"},"instruments":["grant"],"priority":"critical"}"""));
        Assert.Equal(System.Net.HttpStatusCode.Created, need.StatusCode);
        await (await fixture.System.ClientAsync("donor-ch")).PostAsync("api/v1/pledges", Body(
            """{"title":"Bell pledge","amount":{"amount":"12345.00","currency":"USD"},"instrument":"grant","countries":["CR"],"sectors":["education"]}"""));
        await Eventually.GetAsync(async () => await person.GetStringAsync("api/v1/notifications"), json => json.Contains("12,345.00 USD"),
            TimeSpan.FromSeconds(60), "the proposal's notification");

        await page.ReloadAsync();
        var bell = page.GetByRole(AriaRole.Button, new() { NameRegex = WebAppPage.Text("Notificaciones:") });
        await Expect(bell).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex("Notificaciones: \\d+ sin leer"));
        await bell.ClickAsync();
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Notificaciones" });
        await Expect(panel).ToContainTextAsync("Nueva propuesta: CH → CR, 12,345.00 USD");
        await Expect(bell).ToHaveAttributeAsync("aria-expanded", "true");
        await page.ScreenshotAsync("60-notifications-panel");
        await Expect(bell).ToHaveAccessibleNameAsync("Notificaciones: ninguna sin leer");
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
