using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>Matching's copy of a need in MongoDB; replaced only by a higher version.</summary>
public sealed record NeedViewDocument(
    string Id, string Country, string Sector, string Title, string[] Instruments, string Priority, long AmountMinor, long FundedMinor,
    string Currency, string Status, DateOnly? StartDate, DateOnly? EndDate, long Version)
{
    public static NeedViewDocument From(NeedView n) => new(n.Id, n.Country, n.Sector, n.Title, [.. n.Instruments], n.Priority,
        n.AmountMinor, n.FundedMinor, n.Currency, n.Status, n.StartDate, n.EndDate, n.Version);

    public NeedView ToView() => new(Id, Country, Sector, Title, Instruments, Priority, AmountMinor, FundedMinor, Currency, Status,
        StartDate, EndDate, Version);
}
