using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Reliability.Tests.Support;

/// <summary>Driving the public API through the gateway.</summary>
public static class ApiClientExtensions
{
    public static async Task<string> PostNeedAsync(this HttpClient state, string country, string amount, string sector = "protection",
        string title = "Reliability need")
    {
        var response = await state.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"{{country}}","title":"{{title}}","sector":"{{sector}}","amount":{"amount":"{{amount}}","currency":"USD"},
             "instruments":["grant"],"priority":"high"}
            """));
        await EnsureAsync(response);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    public static async Task<string> PostPledgeAsync(this HttpClient donor, string amount, string countries, string sectors,
        string title = "Reliability pledge")
    {
        var response = await donor.PostAsync("api/v1/pledges", Json.Body($$"""
            {"title":"{{title}}","amount":{"amount":"{{amount}}","currency":"USD"},"instrument":"grant",
             "countries":{{countries}},"sectors":{{sectors}}}
            """));
        await EnsureAsync(response);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    /// <summary>Edits a need's title at its current version (If-Match), returning the new version.</summary>
    public static async Task<long> RetitleNeedAsync(this HttpClient state, string id, string title)
    {
        var current = await state.GetAsync($"api/v1/needs/{id}");
        await EnsureAsync(current);
        var request = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/needs/{id}")
        {
            Content = Json.Body($$"""{"title":"{{title}}"}""", "application/merge-patch+json"),
        };
        request.Headers.IfMatch.Add(current.Headers.ETag!);
        var response = await state.SendAsync(request);
        await EnsureAsync(response);
        return VersionOf(response.Headers.ETag!);
    }

    public static async Task<long> VersionAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        await EnsureAsync(response);
        return VersionOf(response.Headers.ETag!);
    }

    public static async Task<JsonArray> MatchesAsync(this HttpClient client, string query) =>
        (await (await client.GetAsync($"api/v1/matches?pageSize=200&{query}")).ReadObjectAsync())["items"]!.AsArray();

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        await EnsureAsync(response);
        return await response.ReadObjectAsync();
    }

    public static string Amount(this JsonNode node, string field) => node[field]!["amount"]!.GetValue<string>();

    private static long VersionOf(EntityTagHeaderValue tag) => long.Parse(tag.Tag.Trim('"'));

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → " +
                $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
