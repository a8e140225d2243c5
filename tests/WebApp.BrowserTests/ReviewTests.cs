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
}
