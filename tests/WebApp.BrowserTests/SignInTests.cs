using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.WebApp.BrowserTests;

/// <summary>People sign in through the identity service's page (code flow + PKCE), work, and sign out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("state-bz", "Mis necesidades")]
    [InlineData("donor-eu", "Mis compromisos")]
    [InlineData("chair", "Cola de revisión")]
    [InlineData("secretariat", "Cola de revisión")]
    [InlineData("fund-manager", "Panel")]
    public async Task EachRole_SignsInThroughThePage_OpensItsMainTask_SignsOut(string who, string mainTask)
    {
        var page = await fixture.OpenAsync();

        await page.SignInAsync(who);
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = mainTask, Exact = true }).ClickAsync();
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => window.location.search || null"));
        await page.SignOutAsync();

        // The identity-provider session ended too: signing in again asks for the password.
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByLabel("Contraseña")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignInPage_WrongPassword_SaysSoWithoutRevealingTheAccount()
    {
        var page = await fixture.OpenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("secretariat@demo.invalid");

        await page.GetByLabel("Correo electrónico").FillAsync("cr@demo.invalid");
        await page.GetByLabel("Contraseña").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Entrar" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Correo o contraseña incorrectos.");
        await page.ScreenshotAsync("10-signin-page");
    }

    [Fact]
    public async Task SecretariatInvites_PersonAcceptsSetsPasswordSignsIn_AndPublishesANeed()
    {
        const string needTitle = "Browser: invited official's first need";
        var secretariat = await fixture.OpenAsync();
        await secretariat.SignInAsync("secretariat");
        var token = await secretariat.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('marketplace.session')).accessToken");
        using var http = new HttpClient { BaseAddress = fixture.System.Gateway };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await http.PostAsync("api/v1/users/invitations", new StringContent(
            """{"email":"lucia@minex.gob.gt","name":"Lucía Pérez","org":"GT"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var inviteUrl = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("inviteUrl").GetString()!;

        var person = await fixture.OpenAsync();
        await person.GotoAsync(inviteUrl);
        await person.GetByLabel("Contraseña", new() { Exact = true }).FillAsync("una frase de paso bastante larga");
        await person.GetByLabel("Repita la contraseña").FillAsync("una frase de paso bastante larga");
        await person.GetByRole(AriaRole.Button, new() { Name = "Guardar contraseña" }).ClickAsync();
        await Expect(person.GetByRole(AriaRole.Status)).ToContainTextAsync("Contraseña guardada");
        await person.GetByRole(AriaRole.Link, new() { Name = "Ir a la aplicación" }).ClickAsync();
        await person.SignInWithPasswordAsync("lucia@minex.gob.gt", "una frase de paso bastante larga", totpKey: null);

        await person.GetByRole(AriaRole.Link, new() { Name = "Mis necesidades" }).ClickAsync();
        await person.GetByRole(AriaRole.Link, new() { Name = "Publicar una necesidad" }).ClickAsync();
        await person.GetByLabel("Título", new() { Exact = true }).FillAsync(needTitle);
        await person.GetByLabel("Sector", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Protección" });
        await person.GetByLabel("Prioridad").SelectOptionAsync(new SelectOptionValue { Label = "Alta" });
        await person.GetByLabel("Importe solicitado").FillAsync("5000.00");
        await person.GetByLabel("Moneda").SelectOptionAsync("USD");
        await person.GetByRole(AriaRole.Button, new() { Name = "Publicar la necesidad" }).ClickAsync();

        await Expect(person.GetByRole(AriaRole.Status)).ToContainTextAsync("Necesidad publicada");
        await Expect(person.Card(needTitle)).ToContainTextAsync("Abierta");
        await person.SignOutAsync();
    }
}
