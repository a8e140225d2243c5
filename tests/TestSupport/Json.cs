using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Marketplace.TestSupport;

/// <summary>JSON helpers for API tests.</summary>
public static class Json
{
    public static StringContent Body(string json, string mediaType = "application/json") => new(json, Encoding.UTF8, mediaType);

    public static StringContent Body(JsonNode json) => Body(json.ToJsonString());

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;
}
