using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Identity.IntegrationTests.Support;

namespace Marketplace.Identity.IntegrationTests;

/// <summary>
/// People carry the language the marketplace writes to them in, and internal service clients (the
/// notifications service) read any organisation's people to address them; nobody else gains anything.
/// </summary>
public sealed class PeopleDirectoryTests : IDisposable
{
    private const string ServiceSecret = "notifications-service-secret";
    private readonly TemporaryDirectory _data = new();
    private readonly IdentityApplicationFactory _factory;

    public PeopleDirectoryTests()
    {
        _factory = new IdentityApplicationFactory(_data.Path, settings: new Dictionary<string, string?>
        {
            ["Identity:Clients:0:ClientId"] = "notifications-service",
            ["Identity:Clients:0:Secret"] = ServiceSecret,
            ["Identity:Clients:0:Role"] = "service",
            ["Identity:Clients:0:Org"] = "notifications",
        });
    }

    [Fact]
    public async Task ServiceClient_ListsAnyOrganisationsPeople_WithTheirLanguage()
    {
        var service = await TokenClient.GetAccessTokenAsync(_factory.CreateClient(), "notifications-service", ServiceSecret);

        var guatemala = await ItemsAsync(service, "/api/v1/users?org=GT");
        var belize = await ItemsAsync(service, "/api/v1/users?org=BZ");

        var gt = Assert.Single(guatemala, p => p.GetProperty("email").GetString() == "gt@demo.invalid");
        Assert.Equal("es", gt.GetProperty("language").GetString());
        Assert.Equal("en", Assert.Single(belize, p => p.GetProperty("email").GetString() == "bz@demo.invalid").GetProperty("language").GetString());
        Assert.All(guatemala, p => Assert.Equal("GT", p.GetProperty("org").GetString()));
    }

    [Fact]
    public async Task Invitation_CarriesTheLanguage_DefaultsFromTheOrganisation_AndRefusesOthers()
    {
        var secretariat = await PersonTokenAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);

        using var english = await InviteAsync(secretariat, new { email = "ana@gt.example", name = "Ana", org = "GT", language = "en" });
        using var byDefault = await InviteAsync(secretariat, new { email = "raul@cr.example", name = "Raúl", org = "CR" });
        using var invalid = await InviteAsync(secretariat, new { email = "x@cr.example", name = "X", org = "CR", language = "fr" });

        Assert.Equal(HttpStatusCode.Created, english.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byDefault.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("language", out _));
        Assert.Equal("en", Assert.Single(await ItemsAsync(secretariat, "/api/v1/users?org=GT"), p => p.GetProperty("email").GetString() == "ana@gt.example")
            .GetProperty("language").GetString());
        Assert.Equal("es", Assert.Single(await ItemsAsync(secretariat, "/api/v1/users?org=CR"), p => p.GetProperty("email").GetString() == "raul@cr.example")
            .GetProperty("language").GetString());
    }

    [Fact]
    public async Task MachineClientsOfOtherRoles_StillCannotListPeople()
    {
        var state = await TokenClient.GetAccessTokenAsync(_factory.CreateClient(), "state-gt");
        using var http = Client(state);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/users?org=GT")).StatusCode);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _data.Dispose();
    }

    private async Task<List<JsonElement>> ItemsAsync(string token, string path)
    {
        using var http = Client(token);
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }

    private async Task<string> PersonTokenAsync(string email, string? totpKey = null)
    {
        using var browser = CodeFlowClient.For(_factory);
        return (await browser.SignInForTokensAsync(email, totpKey: totpKey)).GetProperty("access_token").GetString()!;
    }

    private Task<HttpResponseMessage> InviteAsync(string token, object body)
    {
        var http = Client(token);
        return http.PostAsync("/api/v1/users/invitations", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
    }

    private HttpClient Client(string token)
    {
        var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
