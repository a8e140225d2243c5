using Marketplace.Contracts;
using Marketplace.Pledges.Contracts;

namespace Marketplace.Pledges.Domain;

/// <summary>A donor's offer of funding or expertise and how much of it the chair has approved for needs.</summary>
public sealed record Pledge(
    string Id,
    string Donor,
    PledgeDraft Fields,
    long AllocatedMinor,
    bool Withdrawn,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public string Status => PledgeStatus.Derive(Withdrawn, AllocatedMinor, Fields.Amount.Minor);

    public Money Allocated => new(AllocatedMinor, Fields.Amount.Currency);

    public Money Remaining => new(Withdrawn ? 0 : Math.Max(0, Fields.Amount.Minor - AllocatedMinor), Fields.Amount.Currency);

    public PledgeSnapshot ToSnapshot() => new(
        Id, Donor, Fields.Title, Fields.Instrument, Fields.Countries, Fields.Sectors,
        Fields.Amount.Amount, Allocated.Amount, Fields.Amount.Currency, Fields.MinAllocation?.Amount, Fields.MaxAllocation?.Amount,
        Fields.AvailableFrom, Fields.AvailableUntil, Status, Version, UpdatedAt);
}
