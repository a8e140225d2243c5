using Marketplace.Contracts;
using Marketplace.Needs.Contracts;

namespace Marketplace.Needs.Domain;

/// <summary>A member state's costed funding need and what the platform has approved towards it.</summary>
public sealed record Need(
    string Id,
    NeedDraft Fields,
    long FundedMinor,
    bool Withdrawn,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public string Status => NeedStatus.Derive(Withdrawn, FundedMinor, Fields.Amount.Minor);

    public Money Funded => new(FundedMinor, Fields.Amount.Currency);

    public Money Remaining => new(Withdrawn ? 0 : Math.Max(0, Fields.Amount.Minor - FundedMinor), Fields.Amount.Currency);

    public bool CanReceiveFunding => Status is NeedStatus.Open or NeedStatus.PartiallyFunded;

    public NeedSnapshot ToSnapshot() => new(
        Id, Fields.Country, Fields.Sector, Fields.Title, Fields.Instruments, Fields.Priority,
        Fields.Amount.Amount, Funded.Amount, Fields.Amount.Currency, Status, Fields.StartDate, Fields.EndDate,
        Version, UpdatedAt);
}
