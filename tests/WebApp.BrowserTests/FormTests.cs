using System.Net;
using System.Net.Http.Headers;
using Marketplace.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class FormTests(BrowserFixture fixture)
{
    [Fact]
    public async Task PublishNeed_NegativeAmount_ShowsTheApiErrorNextToTheAmount()
    {
        var page = await fixture.OpenAsync();
        await page.SignInAsync("state-gt");
        await page.GetByRole(AriaRole.Link, new() { Name = "Publicar una necesidad" }).ClickAsync();
        await page.GetByLabel("Título", new() { Exact = true }).FillAsync("Browser: invalid amount");
        var amount = page.GetByLabel("Importe solicitado");
        await amount.FillAsync("-1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publicar la necesidad" }).ClickAsync();

        await Expect(amount).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(amount).ToHaveAccessibleDescriptionAsync(WebAppPage.Text("debe ser un importe positivo"));
        var amountField = page.Locator("[data-field='amount.amount']");
        await Expect(amountField.Locator(".field-error")).ToContainTextAsync("debe ser un importe positivo");
        await Expect(page.Locator("[data-field='title'] .field-error")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Revise estos campos" })).ToBeVisibleAsync();
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await page.ScreenshotAsync("07-validation-error-at-amount");
    }

    [Fact]
    public async Task EditNeed_ChangedMeanwhile_Says412ReloadAndKeepsTheForm()
    {
        var api = await fixture.System.ClientAsync("state-pa");
        var created = await api.PostAsync("api/v1/needs", Json.Body("""
            {"country":"PA","title":"Browser: stale edit","sector":"health","amount":{"amount":"5000.00","currency":"USD"},"instruments":["grant"],"priority":"low"}
            """));
        created.EnsureSuccessStatusCode();
        var needId = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
        var page = await fixture.OpenAsync();
        await page.SignInAsync("state-pa");
        await page.GetByRole(AriaRole.Link, new() { Name = "Editar: Browser: stale edit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Editar la necesidad" })).ToBeVisibleAsync();

        var patch = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/needs/{needId}") { Content = Json.Body("""{"priority":"high"}""") };
        patch.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(patch)).StatusCode);
        await page.GetByLabel("Importe solicitado").FillAsync("6000.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar cambios" }).ClickAsync();

        await Expect(page.GetByText("Otra persona modificó este elemento")).ToBeVisibleAsync();
        await page.ScreenshotAsync("08-edit-412-reload");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recargar" }).ClickAsync();
        await Expect(page.GetByText("Editando la versión 2.")).ToBeVisibleAsync();
        await page.GetByLabel("Importe solicitado").FillAsync("6000.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar cambios" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Cambios guardados");
        var saved = await (await api.GetAsync($"api/v1/needs/{needId}")).ReadObjectAsync();
        Assert.Equal("6000.00", saved["amount"]!["amount"]!.GetValue<string>());
        Assert.Equal("high", saved["priority"]!.GetValue<string>());
    }
}
