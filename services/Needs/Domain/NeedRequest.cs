using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Needs.Domain;

/// <summary>
/// The request shape of a need (API.md "Needs"): validation of a create body or of a need merged with a
/// JSON merge patch, and the reverse mapping used as the base of a patch.
/// </summary>
public static class NeedRequest
{
    public static readonly IReadOnlySet<string> Fields = new HashSet<string>
    {
        "country", "title", "description", "sector", "amount", "instruments", "priority",
        "targetPopulation", "startDate", "endDate", "location", "reference",
    };

    public static readonly IReadOnlySet<string> ServerOwned = new HashSet<string>
    {
        "id", "status", "funded", "remaining", "committed", "disbursed", "referral", "createdAt", "updatedAt", "version",
    };

    private static readonly string CountryList = string.Join(' ', Codelists.Countries.Select(c => c.Code));
    private static readonly string SectorList = string.Join(' ', Codelists.Sectors.Select(c => c.Code));
    private static readonly string InstrumentList = string.Join(' ', Codelists.Instruments.Select(c => c.Code));
    private static readonly string PriorityList = string.Join(' ', Codelists.Priorities.Select(c => c.Code));

    public static NeedDraft? Validate(JsonObject body, FieldErrors errors)
    {
        var f = new RequestFields(body, errors);
        f.RejectUnknown(Fields, ServerOwned);
        var country = f.Code("country", true, Codelists.IsCountry, CountryList);
        var title = f.String("title", true, 1, 200);
        var description = f.String("description", false, 0, 4000);
        var sector = f.Code("sector", true, Codelists.IsSector, SectorList);
        var amount = f.Money("amount", true);
        var instruments = f.CodeSet("instruments", true, nonEmpty: true, Codelists.IsInstrument, InstrumentList);
        var priority = f.Code("priority", true, Codelists.IsPriority, PriorityList);
        var population = f.Integer("targetPopulation", 0, 100_000_000_000);
        var start = f.Date("startDate");
        var end = f.Date("endDate");
        var location = f.String("location", false, 0, 200);
        var reference = f.String("reference", false, 0, 100);
        if (start is { } s && end is { } e && e < s) errors.Add("endDate", "must not be before startDate");
        if (errors.Any) return null;
        return new NeedDraft(country!, title!, description, sector!, amount!.Value, instruments!, priority!, population,
            start, end, location, reference);
    }

    public static JsonObject ToJson(NeedDraft d) => new()
    {
        ["country"] = d.Country,
        ["title"] = d.Title,
        ["description"] = d.Description,
        ["sector"] = d.Sector,
        ["amount"] = MoneyJson.From(d.Amount),
        ["instruments"] = new JsonArray(d.Instruments.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()),
        ["priority"] = d.Priority,
        ["targetPopulation"] = d.TargetPopulation,
        ["startDate"] = d.StartDate?.ToString("yyyy-MM-dd"),
        ["endDate"] = d.EndDate?.ToString("yyyy-MM-dd"),
        ["location"] = d.Location,
        ["reference"] = d.Reference,
    };
}
