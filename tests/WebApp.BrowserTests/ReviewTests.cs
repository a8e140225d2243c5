using Marketplace.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ReviewTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Chair_ProposalOfItsOwnOrganisationsPledge_IsShownRecusedWithDisabledButtons()
    {
        const string needTitle = "Browser: protection desks in San Miguel";
        var state = await fixture.System.ClientAsync("state-sv");
        var donor = await fixture.System.ClientAsync("donor-es");
        (await state.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"SV","title":"{{needTitle}}","sector":"local-governance","amount":{"amount":"9000.00","currency":"USD"},"instruments":["grant"],"priority":"high"}
            """))).EnsureSuccessStatusCode();
        (await donor.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"Browser: Spain for SV local governance","amount":{"amount":"9000.00","currency":"EUR"},"instrument":"grant","countries":["SV"],"sectors":["local-governance"]}
            """))).EnsureSuccessStatusCode();
        var page = await fixture.OpenAsync();
        await page.SignInAsync("chair");
        await page.GetByLabel("País").SelectOptionAsync(new SelectOptionValue { Label = "El Salvador" });

        var row = page.Card(needTitle);
        await page.RefreshUntilVisibleAsync(row, TimeSpan.FromSeconds(30));
        await Expect(row).ToContainTextAsync("Recusada");
        var proposal = await page.ProposalDetailsAsync(needTitle);

        await Expect(proposal.GetByText("Recusada: decide la secretaría.")).ToBeVisibleAsync();
        var approve = proposal.GetByRole(AriaRole.Button, new() { Name = "Aprobar" });
        await Expect(approve).ToBeDisabledAsync();
        await Expect(approve).ToHaveAccessibleDescriptionAsync("Recusada: decide la secretaría.");
        await Expect(proposal.GetByRole(AriaRole.Button, new() { Name = "Rechazar" })).ToBeDisabledAsync();
        await Expect(proposal).ToContainTextAsync("EUR");
        await Expect(proposal).ToContainTextAsync("Tipo de cambio");
        await page.ScreenshotAsync("09-chair-recused");
    }

    [Fact]
    public async Task Secretariat_RejectsWithAReason_ReasonRequiredAndKeptInTheAudit()
    {
        const string needTitle = "Browser: interpreters for asylum interviews";
        var state = await fixture.System.ClientAsync("state-cr");
        var donor = await fixture.System.ClientAsync("donor-ch");
        var created = await state.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"CR","title":"{{needTitle}}","sector":"asylum-systems","amount":{"amount":"3000.00","currency":"USD"},"instruments":["in-kind"],"priority":"medium"}
            """));
        created.EnsureSuccessStatusCode();
        (await donor.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"Browser: Swiss interpreters","amount":{"amount":"3000.00","currency":"CHF"},"instrument":"in-kind","countries":["CR"],"sectors":["asylum-systems"]}
            """))).EnsureSuccessStatusCode();
        var page = await fixture.OpenAsync();
        await page.SignInAsync("secretariat");
        await page.GetByLabel("Sector").SelectOptionAsync(new SelectOptionValue { Label = "Sistemas de asilo" });
        await page.RefreshUntilVisibleAsync(page.Card(needTitle), TimeSpan.FromSeconds(30));
        var proposal = await page.ProposalDetailsAsync(needTitle);

        await proposal.GetByRole(AriaRole.Button, new() { Name = "Rechazar" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var reason = dialog.GetByLabel("Motivo del rechazo");
        await Expect(reason).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirmar el rechazo" }).ClickAsync();
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reason).ToHaveAccessibleDescriptionAsync(WebAppPage.Text("Escriba un motivo de entre 1 y 1,000 caracteres"));
        await page.AssertAccessibleAsync("reject dialog with a validation error");
        await reason.FillAsync("Already covered by a bilateral agreement");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirmar el rechazo" }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Rechazada");
        await Expect(page.Card(needTitle)).ToContainTextAsync("Rechazada");
        var needId = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
        await page.GotoAsync($"/#/audit/{needId}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = $"Historial de {needId}" })).ToBeVisibleAsync();
    }
    [Fact]
    public async Task Secretariat_BulkRejectsAllShownRows_WithOneReason_EveryRowSaysRejected()
    {
        var state = await fixture.System.ClientAsync("state-gt");
        var donor = await fixture.System.ClientAsync("donor-fr");
        foreach (var title in new[] { "Browser: bulk shelter kits", "Browser: bulk shelter staff" })
        {
            (await state.PostAsync("api/v1/needs", Json.Body($$"""
                {"country":"GT","title":"{{title}}","sector":"reception-shelter","amount":{"amount":"1500.00","currency":"USD"},"instruments":["technical-assistance"],"priority":"high"}
                """))).EnsureSuccessStatusCode();
        }
        (await donor.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"Browser: France for GT shelters","amount":{"amount":"3000.00","currency":"EUR"},"instrument":"technical-assistance","countries":["GT"],"sectors":["reception-shelter"]}
            """))).EnsureSuccessStatusCode();
        var page = await fixture.OpenAsync();
        await page.SignInAsync("secretariat");
        await page.GetByLabel("País").SelectOptionAsync(new SelectOptionValue { Label = "Guatemala" });
        await page.GetByLabel("Instrumento").SelectOptionAsync(new SelectOptionValue { Label = "Asistencia técnica" });
        await page.GetByLabel("Sector").SelectOptionAsync(new SelectOptionValue { Label = "Recepción y albergue" });
        await page.RefreshUntilVisibleAsync(page.Card("Browser: bulk shelter staff"), TimeSpan.FromSeconds(30));
        await Expect(page.Locator("tbody tr[data-match]")).ToHaveCountAsync(2);
        var ids = await page.Locator("tbody tr[data-match]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.match)");

        await page.GetByLabel("Seleccionar todas las propuestas cargadas").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#selection-count")).ToHaveTextAsync("2 seleccionadas");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechazar las seleccionadas" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Rechazar 2 propuestas" });
        var reason = dialog.GetByLabel("Motivo del rechazo");
        await Expect(reason).ToBeFocusedAsync();
        // Focus stays in the dialog: Shift+Tab from its first control wraps to its last, Tab from the last back to the first.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cerrar" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(reason).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirmar el rechazo" }).ClickAsync();
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertAccessibleAsync("bulk rejection dialog with a validation error");
        await reason.FillAsync("Covered by the national shelter programme");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirmar el rechazo" }).ClickAsync();

        await Expect(page.Locator("#queue-result")).ToContainTextAsync("Resultado de 2 decisiones: Rechazada: 2.");
        var api = await fixture.System.ClientAsync("secretariat");
        foreach (var id in ids)
        {
            await Expect(page.Locator($"tr[data-match='{id}'] td.outcome")).ToHaveTextAsync("Rechazada");
            var match = await (await api.GetAsync($"api/v1/matches/{id}")).ReadObjectAsync();
            Assert.Equal(("rejected", "Covered by the national shelter programme"), (match["status"]!.GetValue<string>(), match["reason"]!.GetValue<string>()));
        }
    }
}
