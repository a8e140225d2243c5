using System.Text.Json.Nodes;

namespace Marketplace.Needs.IntegrationTests;

/// <summary>Valid request bodies to start from; tests change one thing at a time.</summary>
public static class NeedBodies
{
    public static JsonObject Valid(string country = "GT", string amount = "2500000.00", string currency = "USD") => new()
    {
        ["country"] = country,
        ["title"] = "Shelter network along the northern corridor",
        ["sector"] = "reception-shelter",
        ["amount"] = new JsonObject { ["amount"] = amount, ["currency"] = currency },
        ["instruments"] = new JsonArray("grant", "in-kind"),
        ["priority"] = "critical",
        ["targetPopulation"] = 12000,
        ["startDate"] = "2026-01-01",
        ["endDate"] = "2026-12-31",
    };
}
