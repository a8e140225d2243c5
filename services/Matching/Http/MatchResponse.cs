using System.Globalization;
using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Matching.Http;

/// <summary>The public JSON representation of a match (API.md "Matching").</summary>
public static class MatchResponse
{
    public static readonly CsvColumns CsvColumns = new([
        "id", "needId", "pledgeId", "country", "donor", "sector", "instrument", .. CsvColumns.Money("amount"),
        .. CsvColumns.Money("needAmount"), "fxRate", "score", "reasons", "reasonCodes", "status", "proposedAt", "decidedAt",
        "decidedBy", "reason", "version"]);

    public static object From(Match m) => new
    {
        id = m.Id,
        needId = m.NeedId,
        pledgeId = m.PledgeId,
        country = m.Country,
        donor = m.Donor,
        sector = m.Sector,
        instrument = m.Instrument,
        amount = MoneyJson.From(m.Amount),
        needAmount = MoneyJson.From(m.NeedAmount),
        fxRate = m.FxRate.ToString(CultureInfo.InvariantCulture),
        score = m.Score,
        reasons = m.Reasons.Select(r => r.Text).ToList(),
        reasonCodes = m.Reasons.Select(r => new { code = r.Code, @params = r.Params }).ToList(),
        status = MatchStatus.Public(m.Status),
        proposedAt = m.ProposedAt,
        decidedAt = m.DecidedAt,
        decidedBy = m.DecidedBy,
        reason = m.Reason,
        version = m.Version,
    };
}
