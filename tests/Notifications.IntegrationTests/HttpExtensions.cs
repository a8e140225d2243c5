using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Notifications.IntegrationTests;

public static class HttpExtensions
{
    public static async Task<JsonObject> GetFromJsonObjectAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
