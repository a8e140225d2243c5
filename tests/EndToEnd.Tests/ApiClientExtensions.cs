using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>Small conveniences for driving the public API in end-to-end tests.</summary>
public static class ApiClientExtensions
{
    public static async Task<string> PostNeedAsync(this HttpClient state, string country, string amount, string currency = "USD",
        string sector = "protection", string priority = "high", string title = "E2E need")
    {
        var response = await state.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"{{country}}","title":"{{title}}","sector":"{{sector}}","amount":{"amount":"{{amount}}","currency":"{{currency}}"},
             "instruments":["grant"],"priority":"{{priority}}"}
            """));
        response.EnsureSuccessStatusCode();
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    public static async Task<string> PostPledgeAsync(this HttpClient donor, string amount, string currency, string countries, string sectors,
        string title = "E2E pledge")
    {
        var response = await donor.PostAsync("api/v1/pledges", Json.Body($$"""
            {"title":"{{title}}","amount":{"amount":"{{amount}}","currency":"{{currency}}"},"instrument":"grant",
             "countries":{{countries}},"sectors":{{sectors}}}
            """));
        response.EnsureSuccessStatusCode();
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    public static async Task<JsonArray> ProposalsAsync(this HttpClient client, string query, int atLeast, TimeSpan? timeout = null) =>
        (await Eventually.GetAsync(
            async () => await (await client.GetAsync($"api/v1/matches?status=proposed&pageSize=200&{query}")).ReadObjectAsync(),
            page => page["items"]!.AsArray().Count >= atLeast, timeout ?? TimeSpan.FromSeconds(30), $"{atLeast} proposals for {query}"))
        ["items"]!.AsArray();

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string path) =>
        await (await client.GetAsync(path)).ReadObjectAsync();

    public static string Amount(this JsonNode node, string field) => node[field]!["amount"]!.GetValue<string>();
}
