using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ErrorHandlingTests(BrowserFixture fixture)
{
    [Fact]
    public async Task InvalidToken_Returns401_BackToSignInWithAMessage()
    {
        var page = await fixture.OpenAsync();
        await page.SignInAsync("donor-us");
        // The donor's view reads every pledge and match of the shared browser system (hundreds, once the review-queue
        // scale test has run): let it load before the token goes bad, or one of its own reads meets the 401 first.
        var refresh = page.GetByRole(AriaRole.Button, new() { Name = "Actualizar", Exact = true });
        await Expect(refresh).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.EvaluateAsync("""
            () => {
              const session = JSON.parse(sessionStorage.getItem('marketplace.session'));
              sessionStorage.setItem('marketplace.session', JSON.stringify({ ...session, accessToken: 'not-a-token' }));
            }
            """);

        await refresh.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Iniciar sesión" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Su sesión ha caducado");
    }

    [Fact]
    public async Task RateLimited_Shows429WithRetryAfter_NetworkError_ShowsMessageAndRetry()
    {
        var page = await fixture.OpenAsync();
        await page.SignInAsync("secretariat");
        await page.RouteAsync("**/api/v1/summary", route => route.FulfillAsync(new()
        {
            Status = 429,
            Headers = new Dictionary<string, string> { ["Retry-After"] = "17" },
            ContentType = "application/problem+json",
            Body = """{"status":429,"title":"Too many requests"}""",
        }));
        await page.GetByRole(AriaRole.Link, new() { Name = "Panel" }).ClickAsync();
        await Expect(page.GetByText("Inténtelo de nuevo dentro de 17 segundos")).ToBeVisibleAsync();

        await page.UnrouteAsync("**/api/v1/summary");
        await page.RouteAsync("**/api/v1/summary", route => route.AbortAsync("connectionrefused"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Reintentar" }).ClickAsync();
        await Expect(page.GetByText("No se pudo conectar con el servidor")).ToBeVisibleAsync();
        await page.ScreenshotAsync("10-network-error");

        await page.UnrouteAsync("**/api/v1/summary");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reintentar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Panel de financiamiento" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AuditOfAnotherOrganisationsNeed_403_IsExplainedPolitely()
    {
        var page = await fixture.OpenAsync();
        await page.SignInAsync("donor-br");
        var state = await fixture.System.ClientAsync("state-mx");
        var created = await state.PostAsync("api/v1/needs", Marketplace.TestSupport.Json.Body("""
            {"country":"MX","title":"Browser: audit visibility","sector":"education","amount":{"amount":"100.00","currency":"USD"},"instruments":["grant"],"priority":"low"}
            """));
        var needId = (await Marketplace.TestSupport.Json.ReadObjectAsync(created))["id"]!.GetValue<string>();

        await page.GetByRole(AriaRole.Link, new() { Name = "Auditoría" }).ClickAsync();
        await page.GetByLabel("Identificador del elemento").FillAsync(needId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ver el historial" }).ClickAsync();

        await Expect(page.GetByText("Su organización no puede ver el historial de este elemento")).ToBeVisibleAsync();
    }
}
