using System.Text.Json.Nodes;

namespace Marketplace.UnitTests;

/// <summary>Valid request bodies to start from; each test changes one thing (or names every change).</summary>
public static class RequestBodies
{
    public static JsonObject Need() => new()
    {
        ["country"] = "GT",
        ["title"] = "Shelter network along the northern corridor",
        ["description"] = "Beds, water and legal orientation in six shelters.",
        ["sector"] = "reception-shelter",
        ["amount"] = Money("2500000.00", "USD"),
        ["instruments"] = new JsonArray("grant", "in-kind"),
        ["priority"] = "critical",
        ["targetPopulation"] = 12000,
        ["startDate"] = "2026-01-01",
        ["endDate"] = "2026-12-31",
        ["location"] = "Petén",
        ["reference"] = "PNA-3.2",
    };

    public static JsonObject Pledge() => new()
    {
        ["title"] = "Reception capacity in Central America",
        ["description"] = "Grant for shelters and legal orientation.",
        ["amount"] = Money("1000000.00", "EUR"),
        ["instrument"] = "grant",
        ["countries"] = new JsonArray("GT", "HN"),
        ["sectors"] = new JsonArray("reception-shelter"),
        ["minAllocation"] = Money("50000.00", "EUR"),
        ["maxAllocation"] = Money("500000.00", "EUR"),
        ["availableFrom"] = "2026-01-01",
        ["availableUntil"] = "2027-12-31",
        ["conditions"] = "Reported under IATI.",
    };

    public static JsonObject Money(string amount, string currency) => new() { ["amount"] = amount, ["currency"] = currency };

    /// <summary>Parses a JSON value written in a test table ("null" is JSON null).</summary>
    public static JsonNode? Value(string json) => JsonNode.Parse(json);
}
