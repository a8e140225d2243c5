using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Marketplace.ServiceKit.Security;

/// <summary>
/// Gets and caches this service's client-credentials access token, renewing it a minute before expiry.
/// </summary>
public sealed class ServiceTokenProvider(IHttpClientFactory httpFactory, IOptions<ServiceClientOptions> client, IOptions<AuthOptions> auth, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async Task<string?> GetTokenAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(client.Value.ClientId)) return null;
        if (_token is not null && clock.GetUtcNow() < _renewAt) return _token;
        await _gate.WaitAsync(ct);
        try
        {
            if (_token is not null && clock.GetUtcNow() < _renewAt) return _token;
            var endpoint = client.Value.TokenEndpoint ?? new Uri(new Uri(auth.Value.Authority), "connect/token").ToString();
            using var http = httpFactory.CreateClient(nameof(ServiceTokenProvider));
            using var response = await http.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = client.Value.ClientId,
                ["client_secret"] = client.Value.ClientSecret,
            }), ct);
            response.EnsureSuccessStatusCode();
            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct)
                ?? throw new InvalidOperationException("The token endpoint returned no body.");
            _token = token.AccessToken;
            _renewAt = clock.GetUtcNow().AddSeconds(Math.Max(token.ExpiresIn - 60, 10));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
