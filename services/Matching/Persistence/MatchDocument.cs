using Marketplace.Contracts;
using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>A match in MongoDB: money as integer minor units, the cross rate as Decimal128 (exact).</summary>
public sealed record MatchDocument(
    string Id, string NeedId, string PledgeId, string Country, string Donor, string Sector, string Instrument, long AmountMinor,
    string Currency, long NeedAmountMinor, string NeedCurrency, decimal FxRate, double Score, string[] Reasons, string Status,
    DateTimeOffset ProposedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason, string RoundId, long UsdCents, long Version)
{
    public static MatchDocument From(Match m) => new(m.Id, m.NeedId, m.PledgeId, m.Country, m.Donor, m.Sector, m.Instrument,
        m.Amount.Minor, m.Amount.Currency, m.NeedAmount.Minor, m.NeedAmount.Currency, m.FxRate, m.Score, [.. m.Reasons], m.Status,
        m.ProposedAt, m.DecidedAt, m.DecidedBy, m.Reason, m.RoundId, m.UsdCents, m.Version);

    public Match ToMatch() => new(Id, NeedId, PledgeId, Country, Donor, Sector, Instrument, new Money(AmountMinor, Currency),
        new Money(NeedAmountMinor, NeedCurrency), FxRate, Score, Reasons, Status, ProposedAt, DecidedAt, DecidedBy, Reason, RoundId,
        UsdCents, Version);
}
