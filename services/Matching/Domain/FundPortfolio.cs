using Marketplace.Contracts;

namespace Marketplace.Matching.Domain;

/// <summary>
/// The MIRPS Fund at the current FX table (API.md "MIRPS Fund"). <see cref="PoolUsd"/> is what the Fund's pledges
/// hold: the amount of each one not withdrawn, and of a withdrawn one only what was approved from it; proposed
/// and approved are the Fund's matches in those states (pledge side, an approval without what a cancelled flow
/// released), so <see cref="AvailableUsd"/> = pool − approved falls by exactly what each approval commits.
/// Referred needs are those in force (open for funding); requested is their remaining gap.
/// </summary>
public sealed record FundPortfolio(decimal PoolUsd, decimal ProposedUsd, decimal ApprovedUsd, int ReferredNeeds,
    IReadOnlyList<FundRow> ByCountry, IReadOnlyList<FundRow> BySector)
{
    public decimal AvailableUsd => PoolUsd - ApprovedUsd;

    public static FundPortfolio Compute(IEnumerable<NeedView> needs, IEnumerable<PledgeView> pledges, IEnumerable<Match> matches, FxTable fx,
        IReadOnlyDictionary<string, MatchRelease> releases)
    {
        var referred = needs.Where(n => n.Referred && n.IsOpen && fx.Has(n.Currency)).ToList();
        var fundPledges = pledges.Where(p => p.Donor == Codelists.Fund && fx.Has(p.Currency)).ToList();
        var fundMatches = matches.Where(m => m.Donor == Codelists.Fund && fx.Has(m.Amount.Currency)).ToList();
        var pool = fundPledges.Sum(p => fx.ToUsd(p.Status == "withdrawn" ? p.AllocatedMinor : p.AmountMinor, p.Currency));
        decimal Proposed(Func<Match, bool> include) => fundMatches
            .Where(m => m.Status == MatchStatus.Proposed && include(m)).Sum(m => fx.ToUsd(m.Amount.Minor, m.Amount.Currency));
        decimal Approved(Func<Match, bool> include) => fundMatches
            .Where(m => m.Status == MatchStatus.Approved && include(m))
            .Sum(m => fx.ToUsd(m.Amount.Minor - (releases.GetValueOrDefault(m.Id)?.PledgeMinor ?? 0), m.Amount.Currency));
        FundRow Row(string key, Func<NeedView, bool> need, Func<Match, bool> match)
        {
            var rows = referred.Where(need).ToList();
            return new FundRow(key, rows.Count, Round(rows.Sum(n => fx.ToUsd(Math.Max(0, n.AmountMinor - n.FundedMinor), n.Currency))),
                Round(Proposed(match)), Round(Approved(match)));
        }

        return new FundPortfolio(Round(pool), Round(Proposed(_ => true)), Round(Approved(_ => true)), referred.Count,
            [.. Codelists.Countries.Select(c => Row(c.Code, n => n.Country == c.Code, m => m.Country == c.Code))],
            [.. Codelists.Sectors.Select(s => Row(s.Code, n => n.Sector == s.Code, m => m.Sector == s.Code))]);
    }

    private static decimal Round(decimal usd) => decimal.Round(usd, 2, MidpointRounding.ToEven);
}
