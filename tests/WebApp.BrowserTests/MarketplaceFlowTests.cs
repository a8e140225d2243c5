using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>Each role's main flow, end to end, in a real browser against the real system.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MarketplaceFlowTests(BrowserFixture fixture)
{
    [Fact]
    public async Task StatePublishes_DonorPledges_SecretariatApproves_ApprovedFundingRises()
    {
        const string needTitle = "Browser: displacement module in the census";
        const string pledgeTitle = "Browser: census support from Uruguay";
        var state = await fixture.OpenAsync();
        await state.SignInAsync("state-hn");
        await state.GetByRole(AriaRole.Link, new() { Name = "Panel" }).ClickAsync();
        var approvedBefore = await state.HondurasApprovedAsync();

        // The member state publishes a need.
        await state.GetByRole(AriaRole.Link, new() { Name = "Mis necesidades" }).ClickAsync();
        await state.GetByRole(AriaRole.Link, new() { Name = "Publicar una necesidad" }).ClickAsync();
        await state.GetByLabel("Título", new() { Exact = true }).FillAsync(needTitle);
        await state.GetByLabel("Sector", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Inclusión estadística" });
        await state.GetByLabel("Prioridad").SelectOptionAsync(new SelectOptionValue { Label = "Crítica" });
        await state.GetByLabel("Importe solicitado").FillAsync("12000.00");
        await state.GetByLabel("Moneda").SelectOptionAsync("USD");
        await state.GetByRole(AriaRole.Button, new() { Name = "Publicar la necesidad" }).ClickAsync();
        await Expect(state.GetByRole(AriaRole.Status)).ToContainTextAsync("Necesidad publicada");
        var needCard = state.Card(needTitle);
        await Expect(needCard.GetByRole(AriaRole.Rowheader, new() { Name = needTitle })).ToBeVisibleAsync();
        await Expect(needCard).ToContainTextAsync("Abierta");
        await state.ScreenshotAsync("01-state-need-published");

        // A donor posts a pledge that fits it, and sees the proposal and its reasons.
        var donor = await fixture.OpenAsync();
        await donor.SignInAsync("donor-uy");
        await donor.GetByRole(AriaRole.Link, new() { Name = "Registrar un compromiso" }).ClickAsync();
        await donor.GetByLabel("Título", new() { Exact = true }).FillAsync(pledgeTitle);
        await donor.GetByLabel("Importe comprometido").FillAsync("12000.00");
        await donor.GetByLabel("Instrumento", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Donación" });
        await donor.GetByRole(AriaRole.Group, new() { Name = "Países" }).GetByLabel("Honduras").CheckAsync();
        await donor.GetByRole(AriaRole.Group, new() { Name = "Sectores" }).GetByLabel("Inclusión estadística").CheckAsync();
        await donor.GetByRole(AriaRole.Button, new() { Name = "Registrar el compromiso" }).ClickAsync();
        await Expect(donor.GetByRole(AriaRole.Status)).ToContainTextAsync("Compromiso registrado");
        await Expect(donor.Card(pledgeTitle)).ToContainTextAsync("Abierta");

        // The secretariat runs matching and finds the proposal in its review queue.
        var secretariat = await fixture.OpenAsync();
        await secretariat.SignInAsync("secretariat");
        await Expect(secretariat.GetByRole(AriaRole.Heading, new() { Name = "Cola de revisión" })).ToBeVisibleAsync();
        await secretariat.GetByRole(AriaRole.Button, new() { Name = "Ejecutar el emparejamiento" }).ClickAsync();
        await Expect(secretariat.GetByRole(AriaRole.Heading, new() { Name = "Resultado del último emparejamiento" })).ToBeVisibleAsync();
        await Expect(secretariat.GetByRole(AriaRole.Table, new() { Name = "Cobertura por país tras el emparejamiento (USD)" })).ToContainTextAsync("Honduras");
        await secretariat.GetByLabel("País").SelectOptionAsync(new SelectOptionValue { Label = "Honduras" });
        await secretariat.GetByLabel("Donante").SelectOptionAsync(new SelectOptionValue { Label = "Uruguay" });
        await secretariat.RefreshUntilVisibleAsync(secretariat.Card(needTitle), TimeSpan.FromSeconds(30));
        var proposal = await secretariat.ProposalDetailsAsync(needTitle);
        await Expect(proposal).ToContainTextAsync(pledgeTitle);
        await Expect(proposal.GetByRole(AriaRole.Heading, new() { Name = "Por qué encaja" })).ToBeVisibleAsync();
        await Expect(proposal.GetByRole(AriaRole.Listitem).First).ToBeVisibleAsync();
        await secretariat.ScreenshotAsync("03-secretariat-review-queue");

        await donor.GetByRole(AriaRole.Button, new() { Name = "Actualizar", Exact = true }).ClickAsync();
        var donorProposal = donor.GetByRole(AriaRole.Region, new() { Name = "Propuestas para sus compromisos" }).Locator("article").Filter(new() { HasText = needTitle });
        await donor.RefreshUntilVisibleAsync(donorProposal, TimeSpan.FromSeconds(15));
        await Expect(donorProposal.GetByRole(AriaRole.Heading, new() { Name = "Por qué encaja" })).ToBeVisibleAsync();
        await Expect(donorProposal.GetByRole(AriaRole.Listitem).First).ToBeVisibleAsync();
        await donor.ScreenshotAsync("02-donor-pledge-and-proposal");

        await proposal.GetByRole(AriaRole.Button, new() { Name = "Aprobar" }).ClickAsync();
        await secretariat.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirmar la aprobación" }).ClickAsync();
        await Expect(secretariat.GetByRole(AriaRole.Status)).ToContainTextAsync("Aprobada");
        await Expect(secretariat.Card(needTitle)).ToContainTextAsync("Aprobada");

        // The member state sees the approved funding on its need's coverage bar and on the dashboard.
        await state.RefreshUntilVisibleAsync(needCard.GetByRole(AriaRole.Img, new() { NameRegex = WebAppPage.Text("aprobado USD 12,000.00") }), TimeSpan.FromSeconds(15));
        await Expect(needCard).ToContainTextAsync("Financiada");
        await state.ScreenshotAsync("04-state-need-funded");
        await state.GetByRole(AriaRole.Link, new() { Name = "Panel" }).ClickAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var approvedAfter = await state.HondurasApprovedAsync();
        while (approvedAfter == approvedBefore && DateTime.UtcNow < deadline)
        {
            await state.GetByRole(AriaRole.Button, new() { Name = "Actualizar", Exact = true }).ClickAsync();
            approvedAfter = await state.HondurasApprovedAsync();
        }
        Assert.NotEqual(approvedBefore, approvedAfter);
        await state.ScreenshotAsync("05-dashboard-after-approval");
    }
}
