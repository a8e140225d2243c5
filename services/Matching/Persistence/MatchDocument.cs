using Marketplace.Contracts;
using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// A match in MongoDB: money as integer minor units, the cross rate as Decimal128 (exact), the reasons'
/// English texts in <c>reasons</c> and, index by index, their codes and params in <c>reasonCodes</c>
/// (absent on documents written before reasons had codes, which read as notes). <c>seq</c> is the match's
/// number in the commit sequence of matches (the list order), set when the round inserts it; <c>changeSeq</c> the match
/// change sequence's number of its last write (absent, read as 0, on documents written before it existed: a round's full
/// read still reads them).
/// </summary>
public sealed record MatchDocument(
    string Id, string NeedId, string PledgeId, string Country, string Donor, string Sector, string Instrument, long AmountMinor,
    string Currency, long NeedAmountMinor, string NeedCurrency, decimal FxRate, double Score, string[] Reasons, string Status,
    DateTimeOffset ProposedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Reason, string RoundId, long UsdCents, long Version,
    MatchReasonDocument[]? ReasonCodes = null, long Seq = 0, long ChangeSeq = 0)
{
    public static MatchDocument From(Match m) => new(m.Id, m.NeedId, m.PledgeId, m.Country, m.Donor, m.Sector, m.Instrument,
        m.Amount.Minor, m.Amount.Currency, m.NeedAmount.Minor, m.NeedAmount.Currency, m.FxRate, m.Score, [.. m.Reasons.Select(r => r.Text)], m.Status,
        m.ProposedAt, m.DecidedAt, m.DecidedBy, m.Reason, m.RoundId, m.UsdCents, m.Version,
        [.. m.Reasons.Select(r => new MatchReasonDocument(r.Code, new Dictionary<string, string>(r.Params, StringComparer.Ordinal)))]);

    public Match ToMatch() => new(Id, NeedId, PledgeId, Country, Donor, Sector, Instrument, new Money(AmountMinor, Currency),
        new Money(NeedAmountMinor, NeedCurrency), FxRate, Score, ReasonsOf(), Status, ProposedAt, DecidedAt, DecidedBy, Reason, RoundId,
        UsdCents, Version);

    private List<MatchReason> ReasonsOf() => ReasonCodes is { } codes && codes.Length == Reasons.Length
        ? [.. codes.Select((c, i) => new MatchReason(c.Code, c.Params, Reasons[i]))]
        : [.. Reasons.Select(MatchReason.Note)];
}
