using System.Text.Json.Nodes;
using Marketplace.Pledges.Domain;
using Marketplace.ServiceKit.Export;
using Marketplace.Contracts;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Pledges.Http;

/// <summary>
/// The public JSON representation of a pledge: request fields plus server-owned fields, with what its
/// flows committed and disbursed (pledge currency, from the money-trail view, docs/flows.md).
/// </summary>
public static class PledgeResponse
{
    public static readonly CsvColumns CsvColumns = new([
        "id", "donor", "title", "description", .. CsvColumns.Money("amount"), "instrument", "countries", "sectors",
        .. CsvColumns.Money("minAllocation"), .. CsvColumns.Money("maxAllocation"), "availableFrom", "availableUntil",
        "conditions", "status", .. CsvColumns.Money("allocated"), .. CsvColumns.Money("remaining"), .. CsvColumns.Money("committed"), .. CsvColumns.Money("disbursed"), "createdAt",
        "updatedAt", "version"]);

    public static JsonObject From(Pledge pledge, TrailTotals trail)
    {
        var json = PledgeRequest.ToJson(pledge.Fields);
        json.Insert(0, "id", pledge.Id);
        json.Insert(1, "donor", pledge.Donor);
        json["status"] = pledge.Status;
        json["allocated"] = MoneyJson.From(pledge.Allocated);
        json["remaining"] = MoneyJson.From(pledge.Remaining);
        json["committed"] = MoneyJson.From(new Money(trail.CommittedMinor, pledge.Fields.Amount.Currency));
        json["disbursed"] = MoneyJson.From(new Money(trail.DisbursedMinor, pledge.Fields.Amount.Currency));
        json["createdAt"] = pledge.CreatedAt;
        json["updatedAt"] = pledge.UpdatedAt;
        json["version"] = pledge.Version;
        return json;
    }
}
