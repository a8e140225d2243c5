using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Identity.IntegrationTests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Marketplace.Identity.IntegrationTests;

/// <summary>The authorization code flow for people: PKCE, redirect URIs, refresh rotation, lockout, MFA.</summary>
public sealed class PeopleSignInTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();
    private readonly IdentityApplicationFactory _factory;
    private readonly CodeFlowClient _browser;

    public PeopleSignInTests()
    {
        // No reuse leeway here, so a second use of a refresh token is always a reuse.
        _factory = new IdentityApplicationFactory(_data.Path, settings: new Dictionary<string, string?> { ["Identity:RefreshTokenReuseLeeway"] = "00:00:00" });
        _browser = CodeFlowClient.For(_factory);
    }

    [Fact]
    public async Task CodeFlow_DemoStatePerson_IssuesShortAccessTokenWithPersonClaims()
    {
        var tokens = await _browser.SignInForTokensAsync("gt@demo.invalid");

        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal("state", access.GetClaim("role").Value);
        Assert.Equal("GT", access.GetClaim("org").Value);
        Assert.Equal("Guatemala", access.GetClaim("name").Value);
        Assert.StartsWith("person_", access.Subject);
        Assert.Contains("marketplace-api", access.Audiences);
        Assert.InRange((access.ValidTo - access.IssuedAt).TotalMinutes, 1, 15);
        Assert.False(access.TryGetClaim("mk_tkn", out _));
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()));
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("id_token").GetString()));
        Assert.True((await TokenClient.ValidateAsync(_factory.CreateClient(), access.EncodedToken)).IsValid);
    }

    [Fact]
    public async Task CodeFlow_SecretariatWithTotp_SignsIn()
    {
        var tokens = await _browser.SignInForTokensAsync("secretariat@demo.invalid", totpKey: CodeFlowClient.DemoTotpKey);

        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal("secretariat", access.GetClaim("role").Value);
        Assert.Equal("UNHCR-OAS", access.GetClaim("org").Value);
    }

    [Theory]
    [InlineData(null, "https://evil.example/signin-callback", "marketplace-web")]
    [InlineData("plain", CodeFlowClient.DefaultRedirectUri, "marketplace-web")]
    [InlineData("none", CodeFlowClient.DefaultRedirectUri, "marketplace-web")]
    [InlineData(null, "http://localhost:8080/signin-callback/", "marketplace-web")]
    [InlineData(null, "http://localhost:8080/signin-callback?x=1", "marketplace-web")]
    [InlineData(null, CodeFlowClient.DefaultRedirectUri, "state-gt")]
    public async Task Authorize_WithoutS256OrWithForeignRedirect_IsRefusedWithoutSignInPage(string? method, string redirectUri, string clientId)
    {
        var url = method switch
        {
            "plain" => _browser.AuthorizeUrl("plain", _browser.Verifier, redirectUri, clientId),
            "none" => _browser.AuthorizeUrl(null, null, redirectUri, clientId),
            _ => _browser.AuthorizeUrl("S256", null, redirectUri, clientId),
        };

        using var response = await _browser.Http.GetAsync(url);

        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.DoesNotContain("/account/signin", location);
        Assert.DoesNotContain("code=", location);
        Assert.DoesNotContain("evil.example", location);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            // An error may only go back to the registered redirect URI, never elsewhere.
            Assert.StartsWith(CodeFlowClient.DefaultRedirectUri + "?", location);
            Assert.Contains("error=", location);
        }
        else
        {
            // 400 for a bad request, 401 (invalid_client) for a client that may not sign people in.
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        }
    }

    [Fact]
    public async Task RedeemCode_WrongVerifier_IsRefused()
    {
        using var callback = await _browser.SignInAsync("gt@demo.invalid", CodeFlowClient.DemoPassword);
        var code = QueryHelpers.ParseQuery(callback.Headers.Location!.Query)["code"].ToString();

        using var response = await _browser.RedeemCodeAsync(code, CodeFlowClient.Base64Url(new byte[32]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", await TokenClient.GetErrorAsync(response));
    }

    [Fact]
    public async Task RedeemCode_Twice_RefusesTheSecondAndEndsTheSignIn()
    {
        using var callback = await _browser.SignInAsync("gt@demo.invalid", CodeFlowClient.DemoPassword);
        var code = QueryHelpers.ParseQuery(callback.Headers.Location!.Query)["code"].ToString();
        using var first = await _browser.RedeemCodeAsync(code);
        var refresh = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;

        using var second = await _browser.RedeemCodeAsync(code);
        using var afterReplay = await _browser.RefreshAsync(refresh);

        Assert.Equal("invalid_grant", await TokenClient.GetErrorAsync(second));
        Assert.Equal("invalid_grant", await TokenClient.GetErrorAsync(afterReplay));
    }

    [Fact]
    public async Task Refresh_RotatesAndAReuseRevokesTheWholeSignIn()
    {
        var tokens = await _browser.SignInForTokensAsync("gt@demo.invalid");
        var first = tokens.GetProperty("refresh_token").GetString()!;

        using var rotated = await _browser.RefreshAsync(first);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);

        using var reuse = await _browser.RefreshAsync(first);
        using var afterReuse = await _browser.RefreshAsync(second);

        Assert.Equal("invalid_grant", await TokenClient.GetErrorAsync(reuse));
        Assert.Equal("invalid_grant", await TokenClient.GetErrorAsync(afterReuse));
    }

    [Fact]
    public async Task Refresh_ReuseWithinTheDefaultLeeway_IsAccepted()
    {
        using var data = new TemporaryDirectory();
        using var factory = new IdentityApplicationFactory(data.Path);
        using var browser = CodeFlowClient.For(factory);
        var first = (await browser.SignInForTokensAsync("gt@demo.invalid")).GetProperty("refresh_token").GetString()!;

        using var tabOne = await browser.RefreshAsync(first);
        using var tabTwo = await browser.RefreshAsync(first);

        Assert.Equal(HttpStatusCode.OK, tabOne.StatusCode);
        Assert.Equal(HttpStatusCode.OK, tabTwo.StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LockTheAccountWithTheSameMessage()
    {
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await _browser.SignInAsync("hn@demo.invalid", "not-the-password-" + i);
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var locked = await _browser.SignInAsync("hn@demo.invalid", CodeFlowClient.DemoPassword);
        using var unknown = await _browser.SignInAsync("nobody@demo.invalid", CodeFlowClient.DemoPassword);

        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        var lockedPage = await locked.Content.ReadAsStringAsync();
        Assert.Contains("Correo o contraseña incorrectos.", lockedPage);
        Assert.Equal(Message(lockedPage), Message(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task SignIn_WrongTotpCodes_CountTowardTheLockout()
    {
        for (var i = 0; i < 5; i++)
        {
            using var start = await _browser.Http.GetAsync(_browser.AuthorizeUrl());
            var page = await _browser.GetPageAsync(start.Headers.Location!.OriginalString);
            using var password = await _browser.PostFormAsync("/account/signin", page,
                new() { ["email"] = "chair@demo.invalid", ["password"] = CodeFlowClient.DemoPassword });
            if (password.StatusCode != HttpStatusCode.Redirect) break;
            var totpPage = await _browser.GetPageAsync(password.Headers.Location!.OriginalString);
            var wrongCode = CodeFlowClient.Totp(CodeFlowClient.DemoTotpKey) == "000000" ? "111111" : "000000";
            using var _ = await _browser.PostFormAsync("/account/totp", totpPage, new() { ["code"] = wrongCode });
        }

        using var locked = await _browser.SignInAsync("chair@demo.invalid", CodeFlowClient.DemoPassword, CodeFlowClient.DemoTotpKey);

        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains("Correo o contraseña incorrectos.", await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EndSession_RevokesTheSignInsRefreshToken()
    {
        var tokens = await _browser.SignInForTokensAsync("gt@demo.invalid");

        using var end = await _browser.Http.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.GetProperty("id_token").GetString(),
            ["post_logout_redirect_uri"] = "http://localhost:8080/",
        }));
        using var refresh = await _browser.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        using var again = await _browser.Http.GetAsync(_browser.AuthorizeUrl());

        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);
        Assert.Equal("http://localhost:8080/", end.Headers.Location!.OriginalString);
        Assert.Equal("invalid_grant", await TokenClient.GetErrorAsync(refresh));
        Assert.StartsWith("/account/signin", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task EndSession_ForeignPostLogoutRedirect_IsRefused()
    {
        using var end = await _browser.Http.GetAsync("/connect/endsession?post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F");

        Assert.Equal(HttpStatusCode.BadRequest, end.StatusCode);
    }

    [Fact]
    public async Task SignInPage_IsSpanishByDefaultAndEnglishOnRequest_WithoutInlineScriptOrStyle()
    {
        using var start = await _browser.Http.GetAsync(_browser.AuthorizeUrl());
        var spanish = await _browser.GetPageAsync(start.Headers.Location!.OriginalString);
        var english = await _browser.GetPageAsync(start.Headers.Location!.OriginalString.Replace("lang=es", "lang=en"));

        Assert.Contains("<html lang=\"es\">", spanish);
        Assert.Contains("Iniciar sesión", spanish);
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains("Sign in", english);
        Assert.Contains("chair@demo.invalid", spanish);
        foreach (var page in new[] { spanish, english })
        {
            Assert.DoesNotContain("<script", page);
            Assert.DoesNotContain("style=", page);
            Assert.Contains("name=\"__csrf\"", page);
        }
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_ChangesNothing()
    {
        using var start = await _browser.Http.GetAsync(_browser.AuthorizeUrl());
        var returnUrl = QueryHelpers.ParseQuery(new Uri("http://x" + start.Headers.Location!.OriginalString).Query)["returnUrl"].ToString();

        using var response = await _browser.Http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "gt@demo.invalid", ["password"] = CodeFlowClient.DemoPassword, ["returnUrl"] = returnUrl,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Message(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "<p class=\"error\" role=\"alert\">([^<]*)</p>").Groups[1].Value;

    public void Dispose()
    {
        _browser.Dispose();
        _factory.Dispose();
        _data.Dispose();
    }
}
