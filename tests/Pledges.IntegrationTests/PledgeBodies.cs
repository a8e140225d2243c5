using System.Text.Json.Nodes;

namespace Marketplace.Pledges.IntegrationTests;

/// <summary>Valid request bodies to start from; tests change one thing at a time.</summary>
public static class PledgeBodies
{
    public static JsonObject Valid(string amount = "1000000.00", string currency = "EUR", string[]? countries = null, string[]? sectors = null) => new()
    {
        ["title"] = "Reception capacity in Central America",
        ["amount"] = new JsonObject { ["amount"] = amount, ["currency"] = currency },
        ["instrument"] = "grant",
        ["countries"] = new JsonArray((countries ?? ["GT", "HN"]).Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
        ["sectors"] = new JsonArray((sectors ?? ["reception-shelter"]).Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
        ["availableFrom"] = "2026-01-01",
        ["availableUntil"] = "2027-12-31",
    };
}
