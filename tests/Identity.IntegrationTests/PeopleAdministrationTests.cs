using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Identity.IntegrationTests.Support;

namespace Marketplace.Identity.IntegrationTests;

/// <summary>Invitations, the people list and deactivation: who may do what, to which organisation.</summary>
public sealed class PeopleAdministrationTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();
    private readonly CapturedLogs _logs = new();
    private readonly IdentityApplicationFactory _factory;

    public PeopleAdministrationTests() =>
        _factory = new IdentityApplicationFactory(_data.Path, logs: _logs);

    [Fact]
    public async Task Invite_SecretariatAdminInvitesIntoAnyOrg_PersonSetsPasswordAndSignsIn()
    {
        var secretariat = await TokenForAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);

        using var created = await InviteAsync(secretariat, new { email = "ana@gt.example", name = "Ana", org = "GT" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var invitation = await created.Content.ReadFromJsonAsync<JsonElement>();
        var link = new Uri(invitation.GetProperty("inviteUrl").GetString()!);
        Assert.StartsWith("http://localhost:8080/account/invitation?token=", link.ToString());

        using var browser = CodeFlowClient.For(_factory);
        var page = await browser.GetPageAsync(link.PathAndQuery);
        using var tooShort = await browser.PostFormAsync("/account/invitation", page, new() { ["password"] = "short", ["confirm"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        page = await browser.GetPageAsync(link.PathAndQuery);
        using var set = await browser.PostFormAsync("/account/invitation", page,
            new() { ["password"] = "a long enough passphrase", ["confirm"] = "a long enough passphrase" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using var reused = await browser.Http.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, reused.StatusCode);

        var tokens = await browser.SignInForTokensAsync("ana@gt.example", "a long enough passphrase");
        var access = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal("state", access.GetClaim("role").Value);
        Assert.Equal("GT", access.GetClaim("org").Value);
    }

    [Fact]
    public async Task Invite_OrgAdminIntoAnotherOrg_IsForbidden()
    {
        var guatemala = await TokenForAsync("gt@demo.invalid");

        using var other = await InviteAsync(guatemala, new { email = "x@cr.example", name = "X", org = "CR" });
        using var own = await InviteAsync(guatemala, new { email = "y@gt.example", name = "Y", org = "GT" });
        using var chair = await InviteAsync(guatemala, new { email = "z@gt.example", name = "Z", org = "GT", chairDelegate = true });

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, chair.StatusCode);
    }

    [Fact]
    public async Task Invite_ChairDelegate_OnlyForTheChairOrganisation()
    {
        var secretariat = await TokenForAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);

        using var chairOrg = await InviteAsync(secretariat, new { email = "d@es.example", name = "D", org = "ES", chairDelegate = true });
        using var otherOrg = await InviteAsync(secretariat, new { email = "e@fr.example", name = "E", org = "FR", chairDelegate = true });
        using var list = await GetAsync(secretariat, "/api/v1/users?org=ES");

        Assert.Equal(HttpStatusCode.Created, chairOrg.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherOrg.StatusCode);
        var people = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(people, p => p.GetProperty("email").GetString() == "d@es.example" && p.GetProperty("role").GetString() == "chair");
    }

    [Fact]
    public async Task Invite_NotAnAdminOrMachineClient_IsForbiddenAndAnonymousUnauthorized()
    {
        var chair = await TokenForAsync("chair@demo.invalid", CodeFlowClient.DemoTotpKey);
        var machine = await TokenClient.GetAccessTokenAsync(_factory.CreateClient(), "secretariat");
        var body = new { email = "q@gt.example", name = "Q", org = "GT" };

        using var byChair = await InviteAsync(chair, body);
        using var byMachine = await InviteAsync(machine, body);
        using var anonymous = await _factory.CreateClient().PostAsJsonAsync("/api/v1/users/invitations", body);

        Assert.Equal(HttpStatusCode.Forbidden, byChair.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byMachine.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Invite_BadInput_ListsEveryInvalidField()
    {
        var secretariat = await TokenForAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);

        using var response = await InviteAsync(secretariat, new { email = "not-an-email", name = "", org = "XX", orgAdmin = "yes", extra = 1 });
        using var duplicate = await InviteAsync(secretariat, new { email = "gt@demo.invalid", name = "Dup", org = "GT" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "email", "name", "org", "orgAdmin", "extra" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Users_OrgAdminSeesOwnOrgOnly()
    {
        var guatemala = await TokenForAsync("gt@demo.invalid");

        using var own = await GetAsync(guatemala, "/api/v1/users");
        using var other = await GetAsync(guatemala, "/api/v1/users?org=CR");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var items = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
        Assert.All(items, p => Assert.Equal("GT", p.GetProperty("org").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task Deactivate_StopsRefreshAtOnceAndNewSignIns()
    {
        using var person = CodeFlowClient.For(_factory);
        var tokens = await person.SignInForTokensAsync("hn@demo.invalid");
        var secretariat = await TokenForAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);
        var id = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.GetProperty("access_token").GetString()).Subject;

        using var deactivated = await PostAsync(secretariat, $"/api/v1/users/{id}/deactivate");
        using var refresh = await person.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        using var fresh = CodeFlowClient.For(_factory);
        using var signIn = await fresh.SignInAsync("hn@demo.invalid", CodeFlowClient.DemoPassword);

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.False((await deactivated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
        Assert.Equal("invalid_grant", await TokenClient.GetErrorAsync(refresh));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [Fact]
    public async Task Enrolment_InvitedSecretariatPerson_EnrolsWithQrCodeAndKey()
    {
        var secretariat = await TokenForAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);
        using var created = await InviteAsync(secretariat, new { email = "new@oas.example", name = "New", org = "UNHCR-OAS" });
        var link = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inviteUrl").GetString()!);
        using var browser = CodeFlowClient.For(_factory);
        var page = await browser.GetPageAsync(link.PathAndQuery);
        using var _ = await browser.PostFormAsync("/account/invitation", page,
            new() { ["password"] = "another long passphrase", ["confirm"] = "another long passphrase" });

        using var start = await browser.Http.GetAsync(browser.AuthorizeUrl());
        var signInPage = await browser.GetPageAsync(start.Headers.Location!.OriginalString);
        using var password = await browser.PostFormAsync("/account/signin", signInPage,
            new() { ["email"] = "new@oas.example", ["password"] = "another long passphrase" });
        Assert.StartsWith("/account/enrol", password.Headers.Location!.OriginalString);
        var enrol = await browser.GetPageAsync(password.Headers.Location!.OriginalString);
        Assert.Contains("<img class=\"qr\"", enrol);
        Assert.Contains("src=\"data:image/png;base64,", enrol);
        var key = CodeFlowClient.AuthenticatorKeyOf(enrol);

        using var done = await browser.PostFormAsync("/account/enrol", enrol, new() { ["code"] = CodeFlowClient.Totp(key) });

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        using var callback = await browser.Http.GetAsync(done.Headers.Location!.OriginalString);
        Assert.StartsWith(CodeFlowClient.DefaultRedirectUri + "?code=", callback.Headers.Location!.OriginalString);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_NeverContainPasswordsTotpSecretsOrTokens()
    {
        using var browser = CodeFlowClient.For(_factory);
        var tokens = await browser.SignInForTokensAsync("secretariat@demo.invalid", totpKey: CodeFlowClient.DemoTotpKey);
        using var refreshed = await browser.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        var second = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        using var wrong = await CodeFlowClient.For(_factory).SignInAsync("secretariat@demo.invalid", "a-wrong-password-guess");
        using var created = await InviteAsync(tokens.GetProperty("access_token").GetString()!, new { email = "log@gt.example", name = "L", org = "GT" });
        var inviteToken = new Uri((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inviteUrl").GetString()!).Query;

        // OpenIddict logs the PKCE code_verifier at Information level: harmless, as it only ever unlocks its own one-time
        // code, which is redeemed by then. The authorization code itself and every token are redacted.
        var secrets = new List<string> { CodeFlowClient.DemoPassword, "a-wrong-password-guess", CodeFlowClient.DemoTotpKey, inviteToken.Split('=')[1] };
        foreach (var name in new[] { "access_token", "refresh_token", "id_token" })
        {
            secrets.Add(tokens.GetProperty(name).GetString()!);
            secrets.Add(second.GetProperty(name).GetString()!);
        }
        Assert.NotEmpty(_logs.Lines);
        foreach (var secret in secrets)
        {
            // A JWT's signature alone is enough to spot it in a log line.
            var needle = secret.Contains('.') ? secret.Split('.')[^1] : secret;
            var leak = _logs.Lines.FirstOrDefault(line => line.Contains(needle, StringComparison.Ordinal));
            Assert.True(leak is null, $"a secret appears in the log: {leak}");
        }
    }

    [Fact]
    public async Task IdempotencyKey_RepeatedInvitation_Is409WithoutTheLink_InvitesOnce_AndADifferentBodyIs422()
    {
        var secretariat = await TokenForAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);
        var body = new { email = "once@gt.example", name = "Once", org = "GT" };

        using var first = await InviteAsync(secretariat, body, "invite-once-1");
        using var repeat = await InviteAsync(secretariat, new { org = "GT", name = "Once", email = "once@gt.example" }, "invite-once-1");
        using var different = await InviteAsync(secretariat, new { email = "twice@gt.example", name = "Twice", org = "GT" }, "invite-once-1");
        using var list = await GetAsync(secretariat, "/api/v1/users?org=GT");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var link = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inviteUrl").GetString()!;
        Assert.Equal(HttpStatusCode.Conflict, repeat.StatusCode);
        Assert.Equal("application/problem+json", repeat.Content.Headers.ContentType!.MediaType);
        var replayed = await repeat.Content.ReadAsStringAsync();
        Assert.Contains("secret", replayed, StringComparison.Ordinal);
        Assert.DoesNotContain(new Uri(link).Query.Split('=')[1], replayed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        var people = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Single(people, p => p.GetProperty("email").GetString() == "once@gt.example");
        Assert.DoesNotContain(people, p => p.GetProperty("email").GetString() == "twice@gt.example");
    }

    [Fact]
    public async Task IdempotencyKey_RefusedInvitation_IsReplayed_AndKeysAreScopedToTheCaller()
    {
        var guatemala = await TokenForAsync("gt@demo.invalid");
        var secretariat = await TokenForAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);
        var body = new { email = "cr@cr.example", name = "Cr", org = "CR" };

        using var refused = await InviteAsync(guatemala, body, "scoped-1");
        using var again = await InviteAsync(guatemala, body, "scoped-1");
        using var otherCaller = await InviteAsync(secretariat, body, "scoped-1");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Created, otherCaller.StatusCode);
    }

    [Fact]
    public async Task IdempotencyKey_RepeatedDeactivation_ReplaysTheFirstResponse()
    {
        var secretariat = await TokenForAsync("secretariat@demo.invalid", CodeFlowClient.DemoTotpKey);
        using var created = await InviteAsync(secretariat, new { email = "gone@gt.example", name = "Gone", org = "GT" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var first = await PostAsync(secretariat, $"/api/v1/users/{id}/deactivate", "deactivate-1");
        using var repeat = await PostAsync(secretariat, $"/api/v1/users/{id}/deactivate", "deactivate-1");
        using var withBody = await PostAsync(secretariat, $"/api/v1/users/{id}/deactivate", "deactivate-1", """{"reason":"x"}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withBody.StatusCode);
    }

    private async Task<string> TokenForAsync(string email, string? totpKey = null)
    {
        using var browser = CodeFlowClient.For(_factory);
        return (await browser.SignInForTokensAsync(email, totpKey: totpKey)).GetProperty("access_token").GetString()!;
    }

    private Task<HttpResponseMessage> InviteAsync(string token, object body, string? idempotencyKey = null)
    {
        var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) http.DefaultRequestHeaders.Add("Idempotency-Key", idempotencyKey);
        return http.PostAsync("/api/v1/users/invitations", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
    }

    private Task<HttpResponseMessage> GetAsync(string token, string path)
    {
        var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.GetAsync(path);
    }

    private Task<HttpResponseMessage> PostAsync(string token, string path, string? idempotencyKey = null, string? json = null)
    {
        var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) http.DefaultRequestHeaders.Add("Idempotency-Key", idempotencyKey);
        return http.PostAsync(path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _data.Dispose();
    }
}
