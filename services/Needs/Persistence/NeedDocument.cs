using Marketplace.Contracts;
using Marketplace.Needs.Domain;

namespace Marketplace.Needs.Persistence;

/// <summary>
/// A need in MongoDB. Money stays integer minor units (exact); <c>status</c> is derived, stored only so
/// that lists can filter on it, and the commitment ledger keeps it in step in the same atomic update.
/// </summary>
public sealed record NeedDocument(
    string Id, string Country, string Title, string? Description, string Sector, long AmountMinor, string Currency,
    string[] Instruments, string Priority, long? TargetPopulation, DateOnly? StartDate, DateOnly? EndDate, string? Location,
    string? Reference, long FundedMinor, bool Withdrawn, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version, long Seq = 0)
{
    public static NeedDocument From(Need n) => new(
        n.Id, n.Fields.Country, n.Fields.Title, n.Fields.Description, n.Fields.Sector, n.Fields.Amount.Minor, n.Fields.Amount.Currency,
        [.. n.Fields.Instruments], n.Fields.Priority, n.Fields.TargetPopulation, n.Fields.StartDate, n.Fields.EndDate, n.Fields.Location,
        n.Fields.Reference, n.FundedMinor, n.Withdrawn, n.Status, n.CreatedAt, n.UpdatedAt, n.Version);

    public Need ToNeed() => new(Id,
        new NeedDraft(Country, Title, Description, Sector, new Money(AmountMinor, Currency), Instruments, Priority, TargetPopulation,
            StartDate, EndDate, Location, Reference),
        FundedMinor, Withdrawn, CreatedAt, UpdatedAt, Version);
}
