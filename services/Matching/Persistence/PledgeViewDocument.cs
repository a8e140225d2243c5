using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>Matching's copy of a pledge in MongoDB; replaced only by a higher version. <c>Sequence</c> is the view sequence of its last write.</summary>
public sealed record PledgeViewDocument(
    string Id, string Donor, string Title, string Instrument, string[] Countries, string[] Sectors, long AmountMinor,
    long AllocatedMinor, string Currency, long? MinAllocationMinor, long? MaxAllocationMinor, DateOnly? AvailableFrom,
    DateOnly? AvailableUntil, string Status, long Version, long Sequence = 0)
{
    public static PledgeViewDocument From(PledgeView p, long sequence = 0) => new(p.Id, p.Donor, p.Title, p.Instrument, [.. p.Countries], [.. p.Sectors],
        p.AmountMinor, p.AllocatedMinor, p.Currency, p.MinAllocationMinor, p.MaxAllocationMinor, p.AvailableFrom, p.AvailableUntil,
        p.Status, p.Version, sequence);

    public PledgeView ToView() => new(Id, Donor, Title, Instrument, Countries, Sectors, AmountMinor, AllocatedMinor, Currency,
        MinAllocationMinor, MaxAllocationMinor, AvailableFrom, AvailableUntil, Status, Version);
}
