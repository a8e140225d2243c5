using Marketplace.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Domain;

namespace Marketplace.Needs.Persistence;

/// <summary>
/// A need in MongoDB. Money stays integer minor units (exact); <c>status</c> is derived, stored only so
/// that lists can filter on it, and the commitment ledger keeps it in step in the same atomic update.
/// <c>referralAt</c>, <c>referralReason</c>, <c>referralBy</c> (the MIRPS Fund referral) and <c>lastProposalAt</c>
/// were added later: absent in older documents, read as null. <c>lastProposalAt</c> is written only by its own
/// <c>$max</c> update, never by the replacement of a need (see <see cref="MongoNeedStore"/>).
/// </summary>
public sealed record NeedDocument(
    string Id, string Country, string Title, string? Description, string Sector, long AmountMinor, string Currency,
    string[] Instruments, string Priority, long? TargetPopulation, DateOnly? StartDate, DateOnly? EndDate, string? Location,
    string? Reference, long FundedMinor, bool Withdrawn, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version,
    DateTimeOffset? ReferralAt = null, string? ReferralReason = null, string? ReferralBy = null, DateTimeOffset? LastProposalAt = null, long Seq = 0)
{
    public static NeedDocument From(Need n) => new(
        n.Id, n.Fields.Country, n.Fields.Title, n.Fields.Description, n.Fields.Sector, n.Fields.Amount.Minor, n.Fields.Amount.Currency,
        [.. n.Fields.Instruments], n.Fields.Priority, n.Fields.TargetPopulation, n.Fields.StartDate, n.Fields.EndDate, n.Fields.Location,
        n.Fields.Reference, n.FundedMinor, n.Withdrawn, n.Status, n.CreatedAt, n.UpdatedAt, n.Version,
        n.Referral?.At, n.Referral?.Reason, n.Referral?.By, n.LastProposalAt);

    public Need ToNeed() => new(Id,
        new NeedDraft(Country, Title, Description, Sector, new Money(AmountMinor, Currency), Instruments, Priority, TargetPopulation,
            StartDate, EndDate, Location, Reference),
        FundedMinor, Withdrawn, CreatedAt, UpdatedAt, Version,
        ReferralAt is { } at ? new NeedReferral(at, ReferralReason ?? "", ReferralBy ?? "") : null, LastProposalAt);
}
