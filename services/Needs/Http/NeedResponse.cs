using System.Text.Json.Nodes;
using Marketplace.Needs.Domain;
using Marketplace.ServiceKit.Export;
using Marketplace.Contracts;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Needs.Http;

/// <summary>
/// The public JSON representation of a need: request fields plus server-owned fields, with what its flows
/// committed and disbursed (need currency, from the money-trail view, docs/flows.md), and its referral to the
/// MIRPS Fund while one is in force (null otherwise).
/// </summary>
public static class NeedResponse
{
    public static readonly CsvColumns CsvColumns = new([
        "id", "country", "title", "description", "sector", .. CsvColumns.Money("amount"), "instruments", "priority",
        "targetPopulation", "startDate", "endDate", "location", "reference", "status",
        .. CsvColumns.Money("funded"), .. CsvColumns.Money("remaining"), .. CsvColumns.Money("committed"), .. CsvColumns.Money("disbursed"), "referral.at", "referral.reason", "referral.by", "createdAt", "updatedAt", "version"]);

    public static JsonObject From(Need need, TrailTotals trail)
    {
        var json = NeedRequest.ToJson(need.Fields);
        json.Insert(0, "id", need.Id);
        json["status"] = need.Status;
        json["funded"] = MoneyJson.From(need.Funded);
        json["remaining"] = MoneyJson.From(need.Remaining);
        json["committed"] = MoneyJson.From(new Money(trail.CommittedMinor, need.Fields.Amount.Currency));
        json["disbursed"] = MoneyJson.From(new Money(trail.DisbursedMinor, need.Fields.Amount.Currency));
        json["referral"] = need.ActiveReferral is { } referral ? ReferralRules.Details(referral) : null;
        json["createdAt"] = need.CreatedAt;
        json["updatedAt"] = need.UpdatedAt;
        json["version"] = need.Version;
        return json;
    }
}
