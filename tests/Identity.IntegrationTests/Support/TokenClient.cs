using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Identity.IntegrationTests.Support;

/// <summary>Talks to the token server the way another service or a client script would.</summary>
public static class TokenClient
{
    public const string DemoSecret = "dev-secret";

    public static Task<HttpResponseMessage> RequestAsync(
        HttpClient http, string clientId, string secret, string grantType = "client_credentials") =>
        http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));

    public static async Task<string> GetAccessTokenAsync(HttpClient http, string clientId, string secret = DemoSecret)
    {
        using var response = await RequestAsync(http, clientId, secret);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token request for {clientId} failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<string?> GetErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("error", out var error) ? error.GetString() : null;
    }

    /// <summary>Validates a token the way a resource server does: keys from the JWKS named in the discovery document.</summary>
    public static async Task<TokenValidationResult> ValidateAsync(HttpClient http, string token)
    {
        var keys = await GetSigningKeysAsync(http);
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = IdentityApplicationFactory.Issuer,
            ValidAudience = "marketplace-api",
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
    }

    public static async Task<JsonWebKeySet> GetSigningKeysAsync(HttpClient http)
    {
        var discovery = await http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var jwksUri = new Uri(discovery.GetProperty("jwks_uri").GetString()!);
        return new JsonWebKeySet(await http.GetStringAsync(jwksUri.PathAndQuery));
    }
}
