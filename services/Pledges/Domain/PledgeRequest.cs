using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Pledges.Domain;

/// <summary>
/// The request shape of a pledge (API.md "Pledges"): validation of a create body or of a pledge merged
/// with a JSON merge patch, and the reverse mapping used as the base of a patch.
/// </summary>
public static class PledgeRequest
{
    public static readonly IReadOnlySet<string> Fields = new HashSet<string>
    {
        "title", "description", "amount", "instrument", "countries", "sectors", "minAllocation", "maxAllocation",
        "availableFrom", "availableUntil", "conditions",
    };

    public static readonly IReadOnlySet<string> ServerOwned = new HashSet<string>
    {
        "id", "donor", "status", "allocated", "remaining", "committed", "disbursed", "createdAt", "updatedAt", "version",
    };

    private static readonly string CountryList = string.Join(' ', Codelists.Countries.Select(c => c.Code));
    private static readonly string SectorList = string.Join(' ', Codelists.Sectors.Select(c => c.Code));
    private static readonly string InstrumentList = string.Join(' ', Codelists.Instruments.Select(c => c.Code));

    public static PledgeDraft? Validate(JsonObject body, FieldErrors errors)
    {
        var f = new RequestFields(body, errors);
        f.RejectUnknown(Fields, ServerOwned);
        var title = f.String("title", true, 1, 200);
        var description = f.String("description", false, 0, 4000);
        var amount = f.Money("amount", true);
        var instrument = f.Code("instrument", true, Codelists.IsInstrument, InstrumentList);
        var countries = f.CodeSet("countries", true, nonEmpty: false, Codelists.IsCountry, CountryList);
        var sectors = f.CodeSet("sectors", true, nonEmpty: false, Codelists.IsSector, SectorList);
        var currency = amount?.Currency ?? DeclaredCurrency(body);
        var min = f.Money("minAllocation", false, currency);
        var max = f.Money("maxAllocation", false, currency);
        var from = f.Date("availableFrom");
        var until = f.Date("availableUntil");
        var conditions = f.String("conditions", false, 0, 2000);
        if (min is { } lo && max is { } hi && lo.Minor > hi.Minor) errors.Add("minAllocation", "must not exceed maxAllocation");
        if (amount is { } a && max is { } m && m.Minor > a.Minor) errors.Add("maxAllocation", "must not exceed amount");
        if (amount is { } a2 && min is { } m2 && max is null && m2.Minor > a2.Minor) errors.Add("minAllocation", "must not exceed amount");
        if (from is { } start && until is { } end && end < start) errors.Add("availableUntil", "must not be before availableFrom");
        if (errors.Any) return null;
        return new PledgeDraft(title!, description, amount!.Value, instrument!, countries!, sectors!, min, max, from, until, conditions);
    }

    /// <summary>The accepted currency of <c>amount</c> even when its number is invalid, so that the bounds are still checked against it.</summary>
    private static string? DeclaredCurrency(JsonObject body) =>
        body["amount"] is JsonObject money && money["currency"] is JsonValue code && code.GetValueKind() == JsonValueKind.String
            && Currencies.TryGet(code.GetValue<string>(), out var accepted)
            ? accepted.Code
            : null;

    public static JsonObject ToJson(PledgeDraft d) => new()
    {
        ["title"] = d.Title,
        ["description"] = d.Description,
        ["amount"] = MoneyJson.From(d.Amount),
        ["instrument"] = d.Instrument,
        ["countries"] = Array(d.Countries),
        ["sectors"] = Array(d.Sectors),
        ["minAllocation"] = MoneyJson.From(d.MinAllocation),
        ["maxAllocation"] = MoneyJson.From(d.MaxAllocation),
        ["availableFrom"] = d.AvailableFrom?.ToString("yyyy-MM-dd"),
        ["availableUntil"] = d.AvailableUntil?.ToString("yyyy-MM-dd"),
        ["conditions"] = d.Conditions,
    };

    private static JsonArray Array(IReadOnlyList<string> codes) => new(codes.Select(c => (JsonNode)JsonValue.Create(c)).ToArray());
}
