using Marketplace.Contracts;

namespace Marketplace.Matching.Domain;

/// <summary>
/// Coverage of needs by proposals and approvals, in USD at the current FX table. Requested counts
/// every need that is not withdrawn; proposed and approved count the matches in those states.
/// </summary>
public sealed record Coverage(CoverageRow Totals, IReadOnlyList<CoverageRow> ByCountry, IReadOnlyList<CoverageRow> BySector)
{
    public static Coverage Compute(IEnumerable<NeedView> needs, IEnumerable<Match> matches, FxTable fx)
    {
        var live = needs.Where(n => n.Status != "withdrawn" && fx.Has(n.Currency)).ToList();
        var liveIds = live.ToDictionary(n => n.Id);
        var relevant = matches.Where(m => liveIds.ContainsKey(m.NeedId) && m.Status is MatchStatus.Proposed or MatchStatus.Approved).ToList();

        CoverageRow Row(string key, Func<NeedView, bool> include)
        {
            var requested = live.Where(include).Sum(n => fx.ToUsd(n.AmountMinor, n.Currency));
            decimal Sum(string status) => relevant
                .Where(m => m.Status == status && include(liveIds[m.NeedId]))
                .Sum(m => fx.ToUsd(m.NeedAmount.Minor, m.NeedAmount.Currency));
            return new CoverageRow(key, Round(requested), Round(Sum(MatchStatus.Proposed)), Round(Sum(MatchStatus.Approved)));
        }

        return new Coverage(
            Row("total", _ => true),
            Codelists.Countries.Select(c => Row(c.Code, n => n.Country == c.Code)).ToList(),
            Codelists.Sectors.Select(s => Row(s.Code, n => n.Sector == s.Code)).ToList());
    }

    private static decimal Round(decimal usd) => decimal.Round(usd, 2, MidpointRounding.ToEven);
}
