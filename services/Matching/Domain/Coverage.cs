using Marketplace.Contracts;
using Marketplace.ServiceKit.FlowTotals;

namespace Marketplace.Matching.Domain;

/// <summary>
/// Coverage of needs by proposals and approvals, in USD at the current FX table. Requested counts
/// every need that is not withdrawn; proposed and approved count the matches in those states, an approved
/// match without what a cancelled flow released of it; committed and disbursed are its flow's totals
/// (need currency, from the money-trail view).
/// </summary>
public sealed record Coverage(CoverageRow Totals, IReadOnlyList<CoverageRow> ByCountry, IReadOnlyList<CoverageRow> BySector)
{
    public static Coverage Compute(IEnumerable<NeedView> needs, IEnumerable<Match> matches, FxTable fx,
        IReadOnlyDictionary<string, MatchRelease>? releases = null, IReadOnlyDictionary<string, TrailTotals>? trails = null)
    {
        var live = needs.Where(n => n.Status != "withdrawn" && fx.Has(n.Currency)).ToList();
        var liveIds = live.ToDictionary(n => n.Id);
        var relevant = matches.Where(m => liveIds.ContainsKey(m.NeedId) && m.Status is MatchStatus.Proposed or MatchStatus.Approved).ToList();

        CoverageRow Row(string key, Func<NeedView, bool> include)
        {
            var requested = live.Where(include).Sum(n => fx.ToUsd(n.AmountMinor, n.Currency));
            decimal Sum(string status, Func<Match, long> minor) => relevant
                .Where(m => m.Status == status && include(liveIds[m.NeedId]))
                .Sum(m => fx.ToUsd(minor(m), m.NeedAmount.Currency));
            long Trail(Match m, Func<TrailTotals, long> part) => trails?.GetValueOrDefault(m.Id) is { } t ? part(t) : 0;
            return new CoverageRow(key, Round(requested),
                Round(Sum(MatchStatus.Proposed, m => m.NeedAmount.Minor)),
                Round(Sum(MatchStatus.Approved, m => m.NeedAmount.Minor - (releases?.GetValueOrDefault(m.Id)?.NeedMinor ?? 0))),
                Round(Sum(MatchStatus.Approved, m => Trail(m, t => t.CommittedMinor))),
                Round(Sum(MatchStatus.Approved, m => Trail(m, t => t.DisbursedMinor))));
        }

        return new Coverage(
            Row("total", _ => true),
            Codelists.Countries.Select(c => Row(c.Code, n => n.Country == c.Code)).ToList(),
            Codelists.Sectors.Select(s => Row(s.Code, n => n.Sector == s.Code)).ToList());
    }

    private static decimal Round(decimal usd) => decimal.Round(usd, 2, MidpointRounding.ToEven);
}
