using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// Matching's copy of a need in MongoDB; replaced only by a higher version. <c>Sequence</c> is the view sequence of its
/// last write; <c>referred</c> was added later (absent: false).
/// </summary>
public sealed record NeedViewDocument(
    string Id, string Country, string Sector, string Title, string[] Instruments, string Priority, long AmountMinor, long FundedMinor,
    string Currency, string Status, DateOnly? StartDate, DateOnly? EndDate, long Version, long Sequence = 0, bool Referred = false)
{
    public static NeedViewDocument From(NeedView n, long sequence = 0) => new(n.Id, n.Country, n.Sector, n.Title, [.. n.Instruments], n.Priority,
        n.AmountMinor, n.FundedMinor, n.Currency, n.Status, n.StartDate, n.EndDate, n.Version, sequence, n.Referred);

    public NeedView ToView() => new(Id, Country, Sector, Title, Instruments, Priority, AmountMinor, FundedMinor, Currency, Status,
        StartDate, EndDate, Version, Referred);
}
