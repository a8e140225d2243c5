using System.Text.Json.Nodes;
using Marketplace.Needs.Domain;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Needs.Http;

/// <summary>The public JSON representation of a need: request fields plus server-owned fields.</summary>
public static class NeedResponse
{
    public static readonly CsvColumns CsvColumns = new([
        "id", "country", "title", "description", "sector", .. CsvColumns.Money("amount"), "instruments", "priority",
        "targetPopulation", "startDate", "endDate", "location", "reference", "status",
        .. CsvColumns.Money("funded"), .. CsvColumns.Money("remaining"), "createdAt", "updatedAt", "version"]);

    public static JsonObject From(Need need)
    {
        var json = NeedRequest.ToJson(need.Fields);
        json.Insert(0, "id", need.Id);
        json["status"] = need.Status;
        json["funded"] = MoneyJson.From(need.Funded);
        json["remaining"] = MoneyJson.From(need.Remaining);
        json["createdAt"] = need.CreatedAt;
        json["updatedAt"] = need.UpdatedAt;
        json["version"] = need.Version;
        return json;
    }
}
