namespace Marketplace.Matching.Contracts;

/// <summary>
/// The chair or secretariat approved a proposal; the pledge's allocation and the need's funding were
/// committed in their services. Amounts are in the pledge's and the need's currency respectively.
/// <see cref="FxRate"/> (need-currency units per pledge-currency unit, 10 decimals) was added later:
/// events published before it carry null, and a consumer derives it from the two amounts.
/// </summary>
public sealed record MatchApproved(
    string MatchId, string NeedId, string PledgeId, string Country, string Donor,
    decimal Amount, string Currency, decimal NeedAmount, string NeedCurrency,
    string DecidedBy, string DecidedByOrg, DateTimeOffset DecidedAt, decimal? FxRate = null);
