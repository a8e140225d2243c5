using Marketplace.Contracts;
using Marketplace.Needs.Contracts;

namespace Marketplace.Needs.Domain;

/// <summary>
/// A member state's costed funding need and what the platform has approved towards it. <see cref="Referral"/>
/// is its referral to the MIRPS Fund as stored; it is in force (<see cref="ActiveReferral"/>) only while the
/// need can still receive funding. <see cref="LastProposalAt"/> is the last time matching reported a bilateral
/// proposal for it, or an approval (the referral clock runs from it or from publication).
/// </summary>
public sealed record Need(
    string Id,
    NeedDraft Fields,
    long FundedMinor,
    bool Withdrawn,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    NeedReferral? Referral = null,
    DateTimeOffset? LastProposalAt = null)
{
    public string Status => NeedStatus.Derive(Withdrawn, FundedMinor, Fields.Amount.Minor);

    public Money Funded => new(FundedMinor, Fields.Amount.Currency);

    public Money Remaining => new(Withdrawn ? 0 : Math.Max(0, Fields.Amount.Minor - FundedMinor), Fields.Amount.Currency);

    public bool CanReceiveFunding => Status is NeedStatus.Open or NeedStatus.PartiallyFunded;

    public NeedReferral? ActiveReferral => CanReceiveFunding ? Referral : null;

    /// <summary>Where the time without proposals is counted from: publication, or the last proposal or approval.</summary>
    public DateTimeOffset ReferralClockStart => LastProposalAt is { } last && last > CreatedAt ? last : CreatedAt;

    public NeedSnapshot ToSnapshot() => new(
        Id, Fields.Country, Fields.Sector, Fields.Title, Fields.Instruments, Fields.Priority,
        Fields.Amount.Amount, Funded.Amount, Fields.Amount.Currency, Status, Fields.StartDate, Fields.EndDate,
        Version, UpdatedAt, ActiveReferral);
}
