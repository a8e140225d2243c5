using System.Text.Json.Nodes;
using Marketplace.Flows.Domain;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Flows.Http;

/// <summary>The public JSON representation of a flow (API.md "Money trail").</summary>
public static class FlowResponse
{
    /// <summary>The CSV export's columns: every scalar of a flow; the disbursements are read one flow at a time.</summary>
    public static readonly CsvColumns CsvColumns = new([
        "id", "matchId", "needId", "pledgeId", "country", "donor", .. CsvColumns.Money("approved"), .. CsvColumns.Money("committed"),
        .. CsvColumns.Money("disbursed"), "status", "commitment.signedOn", "commitment.reference", .. CsvColumns.Money("need.approved"),
        .. CsvColumns.Money("need.committed"), .. CsvColumns.Money("need.disbursed"), "need.fxRate", "cancellation.at",
        "cancellation.reason", .. CsvColumns.Money("cancellation.released"), .. CsvColumns.Money("cancellation.needReleased"),
        "cancellation.releasedAt", "createdAt", "updatedAt", "version"]);

    public static JsonObject From(Flow flow) => new()
    {
        ["id"] = flow.Id,
        ["matchId"] = flow.MatchId,
        ["needId"] = flow.NeedId,
        ["pledgeId"] = flow.PledgeId,
        ["country"] = flow.Country,
        ["donor"] = flow.Donor,
        ["approved"] = MoneyJson.From(flow.Approved),
        ["committed"] = MoneyJson.From(flow.Committed),
        ["disbursed"] = MoneyJson.From(flow.Disbursed),
        ["status"] = flow.Status,
        ["commitment"] = flow.Commitment is { } c
            ? new JsonObject { ["signedOn"] = Date(c.SignedOn), ["reference"] = c.Reference }
            : null,
        ["disbursements"] = new JsonArray([.. flow.Disbursements.Select(d => (JsonNode)Disbursement(flow, d))]),
        ["need"] = new JsonObject
        {
            ["approved"] = MoneyJson.From(flow.NeedApproved),
            ["committed"] = MoneyJson.From(flow.NeedSideOf(flow.Committed)),
            ["disbursed"] = MoneyJson.From(flow.NeedSideOf(flow.Disbursed)),
            ["fxRate"] = flow.FxRate.ToString("F10", System.Globalization.CultureInfo.InvariantCulture),
        },
        ["cancellation"] = flow.Cancellation is { } x
            ? new JsonObject
            {
                ["at"] = x.At, ["reason"] = x.Reason, ["by"] = x.By,
                ["released"] = MoneyJson.From(x.Released), ["needReleased"] = MoneyJson.From(x.NeedReleased), ["releasedAt"] = x.ReleasedAt,
            }
            : null,
        ["createdAt"] = flow.CreatedAt,
        ["updatedAt"] = flow.UpdatedAt,
        ["version"] = flow.Version,
    };

    public static JsonObject Disbursement(Flow flow, Disbursement d) => new()
    {
        ["id"] = d.Id,
        ["date"] = Date(d.Date),
        ["amount"] = MoneyJson.From(d.Amount),
        ["reference"] = d.Reference,
        ["receivedAt"] = d.ReceivedAt,
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
