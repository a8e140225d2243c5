using Marketplace.Contracts;
using Marketplace.Flows.Contracts;

namespace Marketplace.Flows.Domain;

/// <summary>
/// The money trail of one approved match: what was approved, committed and disbursed (pledge currency),
/// each disbursement and its receipt, and a cancellation. The need side is converted on totals with the
/// match's <see cref="FxRate"/> (need units per pledge unit), never per disbursement.
/// </summary>
public sealed record Flow(
    string Id,
    string MatchId,
    string NeedId,
    string PledgeId,
    string Country,
    string Donor,
    Money Approved,
    Money NeedApproved,
    decimal FxRate,
    FlowCommitment? Commitment,
    IReadOnlyList<Disbursement> Disbursements,
    FlowCancellation? Cancellation,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>The donor of Fund pledges (API.md "MIRPS Fund"): its flows are the fund manager's.</summary>
    public const string FundDonor = Codelists.Fund;

    public Money Committed => Commitment?.Amount ?? Money.Zero(Approved.Currency);

    public Money Disbursed => new(Disbursements.Sum(d => d.Amount.Minor), Approved.Currency);

    public string Status => FlowStatus.Derive(Cancellation is not null, Commitment is not null, Committed.Minor, Disbursed.Minor);

    public bool ReleasePending => Cancellation is { ReleasedAt: null };

    /// <summary>
    /// The need-currency equivalent of a pledge-side total: the approved need amount exactly for the whole
    /// approval, otherwise the total at the match's rate rounded half-even to the need currency's minor unit.
    /// </summary>
    public Money NeedSideOf(Money pledgeSide)
    {
        if (pledgeSide.Minor >= Approved.Minor) return NeedApproved;
        if (pledgeSide.Minor <= 0) return Money.Zero(NeedApproved.Currency);
        var converted = Math.Round(pledgeSide.Amount * FxRate, Currencies.MinorUnitsOf(NeedApproved.Currency), MidpointRounding.ToEven);
        var money = Money.FromDecimal(converted, NeedApproved.Currency);
        return money.Minor > NeedApproved.Minor ? NeedApproved : money;
    }

    public FlowSnapshot ToSnapshot() => new(
        Id, MatchId, NeedId, PledgeId, Country, Donor, Approved.Currency, Approved.Amount, Committed.Amount, Disbursed.Amount,
        NeedApproved.Currency, NeedApproved.Amount, NeedSideOf(Committed).Amount, NeedSideOf(Disbursed).Amount, Status, Version, UpdatedAt);
}
