using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Marketplace.TestSupport;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The security suite through the real gateway and directly against the services: every refusal is
/// checked for its exact status and for leaving the data unchanged.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class SecurityTests(SystemFixture fixture)
{
    private readonly MarketplaceProcesses _system = fixture.System;

    private HttpClient Anonymous(string? token = null)
    {
        var http = new HttpClient { BaseAddress = _system.Gateway };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private RsaSecurityKey IdentityKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(_system.SigningKeyPem);
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromRSASecurityKey(key).ComputeJwkThumbprint());
        return key;
    }

    public static TheoryData<string> Forgeries => new() { "none", "expired", "bad-signature", "unsigned", "other-issuer", "other-audience", "garbage" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Publish_WithInvalidToken_Returns401AndStoresNothing(string forgery)
    {
        var title = $"Forged {forgery} {Guid.NewGuid():N}";
        var token = forgery switch
        {
            "none" => null,
            "expired" => TestTokens.Create("state", "GT", expires: DateTime.UtcNow.AddMinutes(-5), issuer: _system.Issuer, key: IdentityKey()),
            "bad-signature" => TestTokens.Create("state", "GT", issuer: _system.Issuer),
            "unsigned" => TestTokens.Unsigned("state", "GT"),
            "other-issuer" => TestTokens.Create("state", "GT", issuer: "https://evil.example/", key: IdentityKey()),
            "other-audience" => TestTokens.Create("state", "GT", issuer: _system.Issuer, key: IdentityKey(), audience: "another-api"),
            _ => "not.a.jwt",
        };

        var response = await Anonymous(token).PostAsync("api/v1/needs", Json.Body(NeedJson("GT", title)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(await NeedWithTitleExistsAsync(title));
    }

    [Fact]
    public async Task Publish_WithValidlySignedTokenOfOurIssuer_IsAccepted()
    {
        // Control for the forgeries above: the same construction with a valid expiry is accepted.
        var token = TestTokens.Create("state", "GT", issuer: _system.Issuer, key: IdentityKey());

        var response = await Anonymous(token).PostAsync("api/v1/needs", Json.Body(NeedJson("GT", "Control token need")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Publish_ForAnotherCountryOrWithWrongRole_Returns403AndStoresNothing()
    {
        var title = $"Cross-org {Guid.NewGuid():N}";
        var asOtherState = await (await _system.ClientAsync("state-hn")).PostAsync("api/v1/needs", Json.Body(NeedJson("GT", title)));
        var asDonor = await (await _system.ClientAsync("donor-us")).PostAsync("api/v1/needs", Json.Body(NeedJson("GT", title)));
        var pledgeAsState = await (await _system.ClientAsync("state-gt")).PostAsync("api/v1/pledges", Json.Body(PledgeJson(title)));

        Assert.Equal(HttpStatusCode.Forbidden, asOtherState.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asDonor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, pledgeAsState.StatusCode);
        Assert.False(await NeedWithTitleExistsAsync(title));
        var pledges = await (await _system.ClientAsync("secretariat")).GetObjectAsync("api/v1/pledges?pageSize=200");
        Assert.DoesNotContain(pledges["items"]!.AsArray(), p => p!["title"]!.GetValue<string>() == title);
    }

    [Fact]
    public async Task EditAndWithdraw_AnotherOrganisationsItems_Return403AndChangeNothing()
    {
        var owner = await _system.ClientAsync("state-gt");
        var donor = await _system.ClientAsync("donor-es");
        var needId = await owner.PostNeedAsync("GT", "1234.00", title: "Owned by GT");
        var pledgeId = await donor.PostPledgeAsync("4321.00", "EUR", "[\"GT\"]", "[\"health\"]", title: "Owned by ES");
        var otherState = await _system.ClientAsync("state-hn");
        var otherDonor = await _system.ClientAsync("donor-us");

        var attempts = new[]
        {
            await otherState.SendAsync(Patch($"api/v1/needs/{needId}", "{\"title\":\"hijacked\"}")),
            await otherState.PostAsync($"api/v1/needs/{needId}/withdraw", null),
            await otherDonor.SendAsync(Patch($"api/v1/needs/{needId}", "{\"title\":\"hijacked\"}")),
            await otherDonor.SendAsync(Patch($"api/v1/pledges/{pledgeId}", "{\"title\":\"hijacked\"}")),
            await otherDonor.PostAsync($"api/v1/pledges/{pledgeId}/withdraw", null),
            await otherState.SendAsync(Patch($"api/v1/pledges/{pledgeId}", "{\"title\":\"hijacked\"}")),
        };

        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        var need = await owner.GetObjectAsync($"api/v1/needs/{needId}");
        var pledge = await donor.GetObjectAsync($"api/v1/pledges/{pledgeId}");
        Assert.Equal(("Owned by GT", "open", 1L), (need["title"]!.GetValue<string>(), need["status"]!.GetValue<string>(), need["version"]!.GetValue<long>()));
        Assert.Equal(("Owned by ES", "open", 1L), (pledge["title"]!.GetValue<string>(), pledge["status"]!.GetValue<string>(), pledge["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task MatchingOperations_ByStatesAndDonors_Return403()
    {
        var state = await _system.ClientAsync("state-pa");
        var donor = await _system.ClientAsync("donor-wbg");
        var chair = await _system.ClientAsync("chair");
        var needId = await state.PostNeedAsync("PA", "800.00", sector: "asylum-systems");
        await donor.PostPledgeAsync("800.00", "USD", "[\"PA\"]", "[\"asylum-systems\"]");
        var proposal = (await state.ProposalsAsync($"needId={needId}", 1)).Single()!["id"]!.GetValue<string>();

        var attempts = new[]
        {
            await state.PostAsync("api/v1/matching/runs", null),
            await donor.PostAsync("api/v1/matching/runs", null),
            await state.PostAsync($"api/v1/matches/{proposal}/approve", null),
            await donor.PostAsync($"api/v1/matches/{proposal}/approve", null),
            await donor.PostAsync($"api/v1/matches/{proposal}/reject", Json.Body("{\"reason\":\"no\"}")),
            await chair.PutAsync("api/v1/fx-rates/EUR", Json.Body("{\"usdPerUnit\":\"9.99\",\"asOf\":\"2026-11-27\",\"source\":\"forged\"}")),
            await donor.PutAsync("api/v1/fx-rates/EUR", Json.Body("{\"usdPerUnit\":\"9.99\",\"asOf\":\"2026-11-27\",\"source\":\"forged\"}")),
        };

        Assert.All(attempts, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        var match = await state.GetObjectAsync($"api/v1/matches/{proposal}");
        Assert.Equal("proposed", match["status"]!.GetValue<string>());
        var rates = await state.GetObjectAsync("api/v1/fx-rates");
        Assert.DoesNotContain(rates["items"]!.AsArray(), r => r!["usdPerUnit"]!.GetValue<string>() == "9.99");
    }

    [Fact]
    public async Task Decide_ByChairInAMatchOfItsOwnOrganisation_Returns403AndChangesNothing()
    {
        // The demo chair is Spain's delegation: Spain's own pledge is the party it must recuse from. (The need side
        // cannot be reached with real tokens, no donor member being a MIRPS state; Matching.IntegrationTests covers it.)
        var state = await _system.ClientAsync("state-hn");
        var spain = await _system.ClientAsync("donor-es");
        var chair = await _system.ClientAsync("chair");
        await state.PostNeedAsync("HN", "650.00", sector: "reception-shelter");
        var pledgeId = await spain.PostPledgeAsync("650.00", "USD", "[\"HN\"]", "[\"reception-shelter\"]");
        var proposal = (await chair.ProposalsAsync($"pledgeId={pledgeId}", 1)).First()!["id"]!.GetValue<string>();

        var approve = await chair.PostAsync($"api/v1/matches/{proposal}/approve", null);
        var reject = await chair.PostAsync($"api/v1/matches/{proposal}/reject", Json.Body("{\"reason\":\"no\"}"));

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.Contains("secretariat", (await reject.Content.ReadAsStringAsync()));
        // Undecided (a later round may have superseded it, never approved or rejected it).
        Assert.Null((await chair.GetObjectAsync($"api/v1/matches/{proposal}"))["decidedBy"]);
    }

    [Fact]
    public async Task Decide_ByChairOutsideItsTerm_Returns403_ItsTokenStillReads()
    {
        var state = await _system.ClientAsync("state-cr");
        var donor = await _system.ClientAsync("donor-uy");
        var chair = await _system.ClientAsync("chair");
        var secretariat = await _system.ClientAsync("secretariat");
        await state.PostNeedAsync("CR", "720.00", sector: "reception-shelter");
        var pledgeId = await donor.PostPledgeAsync("720.00", "USD", "[\"CR\"]", "[\"reception-shelter\"]");
        var proposal = (await chair.ProposalsAsync($"pledgeId={pledgeId}", 1)).First()!["id"]!.GetValue<string>();
        var term = await secretariat.GetObjectAsync("api/v1/chair");
        try
        {
            var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
            var ended = await secretariat.PutAsync("api/v1/chair", Json.Body($$"""{"org":"ES","from":"2025-01-01","until":"{{yesterday}}"}"""));
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);

            var approve = await chair.PostAsync($"api/v1/matches/{proposal}/approve", null);
            var read = await chair.GetAsync($"api/v1/matches/{proposal}");

            Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.False((await chair.GetObjectAsync("api/v1/chair"))["active"]!.GetValue<bool>());
        }
        finally
        {
            term.Remove("active");
            (await secretariat.PutAsync("api/v1/chair", Json.Body(term))).EnsureSuccessStatusCode();
        }
        // Undecided (a later round may have superseded it, never approved or rejected it).
        Assert.Null((await chair.GetObjectAsync($"api/v1/matches/{proposal}"))["decidedBy"]);
    }

    [Fact]
    public async Task Metrics_ThroughTheGateway_Is404_OnlyTheInternalPortServesThem()
    {
        var token = await _system.TokenAsync("secretariat");

        var anonymous = await Anonymous().GetAsync("metrics");
        var withToken = await Anonymous(token).GetAsync("metrics");
        using var internalPort = new HttpClient();
        var scraped = await internalPort.GetStringAsync($"http://127.0.0.1:{_system.InternalPortOf("gateway")}/metrics");
        using var matchingPublic = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_system.PortOf("matching")}/") };
        var onServicePublicPort = await matchingPublic.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", scraped);
        Assert.NotEqual(HttpStatusCode.OK, onServicePublicPort.StatusCode);
    }

    [Theory]
    [InlineData("api/v1/nothing-here")]
    [InlineData("api/v2/needs")]
    [InlineData("admin")]
    [InlineData("secrets.txt")]
    [InlineData("health/details")]
    public async Task UnknownPath_ThroughTheGateway_Is404_WithOrWithoutToken(string path)
    {
        var anonymous = await Anonymous().GetAsync(path);
        var withToken = await Anonymous(await _system.TokenAsync("secretariat")).GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);
    }

    [Fact]
    public async Task Health_OnEveryPublicPort_CarriesTheStatusOnly()
    {
        var bodies = new List<string>
        {
            await (await Anonymous().GetAsync("health/ready")).Content.ReadAsStringAsync(),
            await (await Anonymous().GetAsync("health/live")).Content.ReadAsStringAsync(),
        };
        foreach (var service in new[] { "identity", "needs", "pledges", "matching" })
        {
            using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_system.PortOf(service)}/") };
            bodies.Add(await (await direct.GetAsync("health/ready")).Content.ReadAsStringAsync());
        }
        using var internalPort = new HttpClient();
        var details = await internalPort.GetStringAsync($"http://127.0.0.1:{_system.InternalPortOf("gateway")}/health/details");

        Assert.All(bodies, body => Assert.Equal("""{"status":"Healthy"}""", body));
        Assert.Contains("\"services\"", details);
    }

    [Fact]
    public async Task DenyByDefault_OnlyTheListedPathsAreAnonymous()
    {
        var anonymous = Anonymous();

        var open = new[] { "", "index.html", "api/v1/reference", ".well-known/openid-configuration", "health/live", "health/ready" };
        var closed = new[] { "api/v1/needs", "api/v1/pledges", "api/v1/matches", "api/v1/summary", "api/v1/fx-rates", "api/v1/organisations",
            "api/v1/chair", "api/v1/audit?entityId=chair" };

        foreach (var path in open) Assert.Equal((path, HttpStatusCode.OK), (path, (await anonymous.GetAsync(path)).StatusCode));
        foreach (var path in closed) Assert.Equal((path, HttpStatusCode.Unauthorized), (path, (await anonymous.GetAsync(path)).StatusCode));
    }

    [Theory]
    [InlineData("needs", "api/v1/needs")]
    [InlineData("pledges", "api/v1/pledges")]
    [InlineData("matching", "api/v1/matches")]
    public async Task DirectCallToService_WithoutValidToken_Returns401(string service, string path)
    {
        using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_system.PortOf(service)}/") };

        var noToken = await direct.GetAsync(path);
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create("secretariat", "UNHCR-OAS"));
        var forged = await direct.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task DirectCallToService_WithValidToken_EnforcesOwnershipToo()
    {
        using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_system.PortOf("needs")}/") };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _system.TokenAsync("state-hn"));

        var response = await direct.PostAsync("api/v1/needs", Json.Body(NeedJson("GT", "Bypassing the gateway")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Burst_FromOneClient_Gets429WithRetryAfter()
    {
        var gateway = await _system.StartExtraGatewayAsync("gateway-limited", new Dictionary<string, string> { ["Gateway__RequestsPerMinute"] = "20" });
        using var client = new HttpClient { BaseAddress = gateway };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _system.TokenAsync("donor-ca"));
        using var other = new HttpClient { BaseAddress = gateway };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _system.TokenAsync("donor-ch"));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 30; i++)
        {
            var response = await client.GetAsync("api/v1/pledges?pageSize=1");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited ??= response;
        }
        var otherClient = await other.GetAsync("api/v1/pledges?pageSize=1");

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(int.Parse(limited!.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task Gateway_RefusesOversizedAndNonJsonBodies_AndSetsSecurityHeaders()
    {
        var state = await _system.ClientAsync("state-gt");
        var huge = NeedJson("GT", "Huge").Replace("\"title\"", $"\"description\":\"{new string('x', 70_000)}\",\"title\"");

        var tooLarge = await state.PostAsync("api/v1/needs", Json.Body(huge));
        var notJson = await state.PostAsync("api/v1/needs", Json.Body("country=GT", "application/x-www-form-urlencoded"));
        var reference = await Anonymous().GetAsync("api/v1/reference");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal("nosniff", reference.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", reference.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(await NeedWithTitleExistsAsync("Huge"));
    }

    private async Task<bool> NeedWithTitleExistsAsync(string title)
    {
        var page = await (await _system.ClientAsync("secretariat")).GetObjectAsync("api/v1/needs?pageSize=200&country=GT");
        return page["items"]!.AsArray().Any(n => n!["title"]!.GetValue<string>() == title);
    }

    private static HttpRequestMessage Patch(string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = Json.Body(json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        return request;
    }

    private static string NeedJson(string country, string title) => $$"""
        {"country":"{{country}}","title":"{{title}}","sector":"health","amount":{"amount":"1000.00","currency":"USD"},
         "instruments":["grant"],"priority":"low"}
        """;

    private static string PledgeJson(string title) => $$"""
        {"title":"{{title}}","amount":{"amount":"1000.00","currency":"USD"},"instrument":"grant","countries":[],"sectors":[]}
        """;
}
