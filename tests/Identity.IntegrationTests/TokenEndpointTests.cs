using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Marketplace.Identity.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Identity.IntegrationTests;

public sealed class TokenEndpointTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();
    private readonly IdentityApplicationFactory _factory;
    private readonly HttpClient _http;

    public TokenEndpointTests()
    {
        _factory = new IdentityApplicationFactory(_data.Path);
        _http = _factory.CreateClient();
    }

    [Fact]
    public async Task RequestToken_DemoClient_ReturnsBearerTokenResponse()
    {
        using var response = await TokenClient.RequestAsync(_http, "state-gt", TokenClient.DemoSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        // expires_in counts down from the token's issue time, so a slow machine may see 3599.
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 3590, 3600);
    }

    [Theory]
    [InlineData("state-gt", "state", "GT")]
    [InlineData("donor-eu", "donor", "EU")]
    [InlineData("donor-eclac", "donor", "ECLAC")]
    [InlineData("chair", "chair", "ES")]
    [InlineData("secretariat", "secretariat", "UNHCR-OAS")]
    [InlineData("fund-manager", "fund-manager", "MIRPS-FUND")]
    public async Task RequestToken_DemoClient_TokenValidatesAgainstJwksWithRoleAndOrg(string clientId, string role, string org)
    {
        var token = await TokenClient.GetAccessTokenAsync(_http, clientId);

        var result = await TokenClient.ValidateAsync(_http, token);

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(SecurityAlgorithms.RsaSha256, jwt.Alg);
        Assert.Equal(clientId, jwt.Subject);
        Assert.Equal(IdentityApplicationFactory.Issuer, jwt.Issuer);
        Assert.Equal(["marketplace-api"], jwt.Audiences);
        Assert.Equal(role, jwt.GetClaim("role").Value);
        Assert.Equal(org, jwt.GetClaim("org").Value);
        Assert.Equal(TimeSpan.FromHours(1), jwt.ValidTo - jwt.IssuedAt);
    }

    [Fact]
    public async Task RequestToken_BasicAuthentication_ReturnsToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"donor-us:{TokenClient.DemoSecret}")));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("state-gt", "wrong-secret")]
    [InlineData("state-gt", "DEV-SECRET")]
    [InlineData("no-such-client", "dev-secret")]
    public async Task RequestToken_BadCredentials_ReturnsInvalidClient(string clientId, string secret)
    {
        using var response = await TokenClient.RequestAsync(_http, clientId, secret);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Equal("invalid_client", await TokenClient.GetErrorAsync(response));
    }

    [Fact]
    public async Task RequestToken_MissingSecret_IsRejectedAsOAuthError()
    {
        using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "state-gt",
        }));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Contains(await TokenClient.GetErrorAsync(response), new[] { "invalid_request", "invalid_client" });
    }

    [Theory]
    [InlineData("password")]
    [InlineData("urn:example:made-up")]
    public async Task RequestToken_OtherGrantType_ReturnsUnsupportedGrantType(string grantType)
    {
        using var response = await TokenClient.RequestAsync(_http, "state-gt", TokenClient.DemoSecret, grantType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", await TokenClient.GetErrorAsync(response));
    }

    [Theory]
    [InlineData("authorization_code")]
    [InlineData("refresh_token")]
    public async Task RequestToken_PeopleGrantWithClientSecret_IsRefused(string grantType)
    {
        using var response = await TokenClient.RequestAsync(_http, "state-gt", TokenClient.DemoSecret, grantType);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Contains(await TokenClient.GetErrorAsync(response), new[] { "invalid_request", "invalid_client" });
    }

    [Fact]
    public async Task RequestToken_GetMethod_IsRejectedWithoutServerError()
    {
        using var response = await _http.GetAsync("/connect/token?grant_type=client_credentials&client_id=state-gt&client_secret=dev-secret");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RequestToken_JsonBody_IsRejectedWithoutServerError()
    {
        using var content = new StringContent(
            """{"grant_type":"client_credentials","client_id":"state-gt","client_secret":"dev-secret"}""",
            Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync("/connect/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", await TokenClient.GetErrorAsync(response));
    }

    [Fact]
    public async Task Discovery_Always_AdvertisesTheGrantsS256AndRs256Keys()
    {
        var discovery = JsonDocument.Parse(await _http.GetStringAsync("/.well-known/openid-configuration")).RootElement;
        var keys = await TokenClient.GetSigningKeysAsync(_http);

        Assert.Equal(IdentityApplicationFactory.Issuer, discovery.GetProperty("issuer").GetString());
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"],
            discovery.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var key = Assert.Single(keys.Keys);
        Assert.Equal("RSA", key.Kty);
        Assert.Equal(SecurityAlgorithms.RsaSha256, key.Alg);
        Assert.False(key.HasPrivateKey);
    }

    [Fact]
    public async Task Ready_StoreAvailable_ReturnsHealthy_WithTheStatusOnly()
    {
        using var response = await _http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"Healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPath_WithoutToken_IsDeniedByDefault()
    {
        using var response = await _http.GetAsync("/api/v1/anything");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
        _data.Dispose();
    }
}
