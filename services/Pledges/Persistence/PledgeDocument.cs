using Marketplace.Contracts;
using Marketplace.Pledges.Domain;

namespace Marketplace.Pledges.Persistence;

/// <summary>
/// A pledge in MongoDB. Money stays integer minor units (exact); an empty <c>countries</c> or
/// <c>sectors</c> array means "not earmarked". <c>status</c> is derived, stored for list filters.
/// </summary>
public sealed record PledgeDocument(
    string Id, string Donor, string Title, string? Description, long AmountMinor, string Currency, string Instrument,
    string[] Countries, string[] Sectors, long? MinAllocationMinor, long? MaxAllocationMinor, DateOnly? AvailableFrom,
    DateOnly? AvailableUntil, string? Conditions, long AllocatedMinor, bool Withdrawn, string Status, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, long Version, long Seq = 0)
{
    public static PledgeDocument From(Pledge p) => new(
        p.Id, p.Donor, p.Fields.Title, p.Fields.Description, p.Fields.Amount.Minor, p.Fields.Amount.Currency, p.Fields.Instrument,
        [.. p.Fields.Countries], [.. p.Fields.Sectors], p.Fields.MinAllocation?.Minor, p.Fields.MaxAllocation?.Minor,
        p.Fields.AvailableFrom, p.Fields.AvailableUntil, p.Fields.Conditions, p.AllocatedMinor, p.Withdrawn, p.Status, p.CreatedAt,
        p.UpdatedAt, p.Version);

    public Pledge ToPledge()
    {
        Money? Optional(long? minor) => minor is { } m ? new Money(m, Currency) : null;
        var fields = new PledgeDraft(Title, Description, new Money(AmountMinor, Currency), Instrument, Countries, Sectors,
            Optional(MinAllocationMinor), Optional(MaxAllocationMinor), AvailableFrom, AvailableUntil, Conditions);
        return new Pledge(Id, Donor, fields, AllocatedMinor, Withdrawn, CreatedAt, UpdatedAt, Version);
    }
}
