using System.Net.Http.Headers;

namespace Marketplace.Identity.IntegrationTests.Support;

public static class ApiClient
{
    /// <summary>An HTTP client carrying a real access token of the demo client <paramref name="clientId"/>.</summary>
    public static async Task<HttpClient> AsAsync(this IdentityApplicationFactory factory, string clientId)
    {
        var http = factory.CreateClient();
        var token = await TokenClient.GetAccessTokenAsync(http, clientId);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
