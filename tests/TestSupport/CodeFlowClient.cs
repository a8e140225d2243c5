using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using OtpNet;
using Xunit;

namespace Marketplace.TestSupport;

/// <summary>
/// Plays the browser and the web app of the authorization code flow against the identity service (in memory,
/// or the real one through the gateway): follows the sign-in pages with their cookies and antiforgery fields,
/// then redeems the code with PKCE.
/// </summary>
public sealed partial class CodeFlowClient : IDisposable
{
    public const string ClientId = "marketplace-web";
    public const string DefaultRedirectUri = "http://localhost:8080/signin-callback";
    public const string DemoPassword = "demo-password-2026";
    public const string DemoTotpKey = "JBSWY3DPEHPK3PXP";

    /// <param name="http">A client that keeps cookies and does not follow redirects.</param>
    public CodeFlowClient(HttpClient http, string redirectUri = DefaultRedirectUri)
    {
        Http = http;
        RedirectUri = redirectUri;
    }

    public static CodeFlowClient For<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory) where TEntryPoint : class =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>The real system through its gateway: the web app's redirect URI on the gateway's origin.</summary>
    public static CodeFlowClient ThroughGateway(Uri gateway) =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = gateway },
            new Uri(gateway, "/signin-callback").ToString());

    public HttpClient Http { get; }

    public string RedirectUri { get; }

    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));

    public string Challenge => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public string AuthorizeUrl(string? method = "S256", string? challenge = null, string? redirectUri = null, string clientId = ClientId)
    {
        redirectUri ??= RedirectUri;
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["response_type"] = "code",
            ["scope"] = "openid profile offline_access", ["state"] = "state-1",
        };
        if (method is not null)
        {
            query["code_challenge"] = challenge ?? Challenge;
            query["code_challenge_method"] = method;
        }
        return QueryHelpers.AddQueryString("/connect/authorize", query);
    }

    /// <summary>Signs in through the pages; returns the response to the final step (a redirect with the code on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string? totpKey = null)
    {
        var start = await Http.GetAsync(AuthorizeUrl());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var page = await GetPageAsync(start.Headers.Location!.OriginalString);
        var response = await PostFormAsync("/account/signin", page, new() { ["email"] = email, ["password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect) return response;
        var next = response.Headers.Location!.OriginalString;
        if (next.StartsWith("/account/totp", StringComparison.Ordinal) || next.StartsWith("/account/enrol", StringComparison.Ordinal))
        {
            var codePage = await GetPageAsync(next);
            var key = totpKey ?? AuthenticatorKeyOf(codePage);
            response = await PostFormAsync(next.Split('?')[0], codePage, new() { ["code"] = Totp(key) });
            if (response.StatusCode != HttpStatusCode.Redirect) return response;
            next = response.Headers.Location!.OriginalString;
        }
        return await Http.GetAsync(next);
    }

    /// <summary>The whole flow down to the token response; fails the test on any unexpected step.</summary>
    public async Task<JsonElement> SignInForTokensAsync(string email, string password = DemoPassword, string? totpKey = null)
    {
        using var callback = await SignInAsync(email, password, totpKey);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var location = callback.Headers.Location!;
        Assert.StartsWith(RedirectUri + "?", location.OriginalString);
        var code = QueryHelpers.ParseQuery(location.Query)["code"].ToString();
        using var token = await RedeemCodeAsync(code);
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public Task<HttpResponseMessage> RedeemCodeAsync(string code, string? verifier = null) =>
        Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri,
            ["client_id"] = ClientId, ["code_verifier"] = verifier ?? Verifier,
        }));

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = ClientId,
        }));

    public async Task<string> GetPageAsync(string url)
    {
        using var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {html}");
        return html;
    }

    /// <summary>Posts a page's form: its hidden fields (antiforgery, return URL, language) plus <paramref name="fields"/>.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string action, string html, Dictionary<string, string> fields)
    {
        foreach (Match hidden in HiddenField().Matches(html))
        {
            fields.TryAdd(WebUtility.HtmlDecode(hidden.Groups[1].Value), WebUtility.HtmlDecode(hidden.Groups[2].Value));
        }
        return Http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static string Totp(string base32Key) => new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp();

    public static string AuthenticatorKeyOf(string enrolPage) =>
        AuthenticatorKey().Match(enrolPage) is { Success: true } match ? match.Groups[1].Value.Replace(" ", "") : throw new InvalidOperationException("no key on the page");

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();

    [GeneratedRegex("id=\"authenticator-key\">([A-Z2-7 ]+)<")]
    private static partial Regex AuthenticatorKey();
}
