namespace Marketplace.Matching.Domain;

/// <summary>
/// The matching service's copy of a need, kept current from need events (highest version wins).
/// <see cref="Referred"/>: referred to the MIRPS Fund, so the Fund's pledges may cover what bilateral ones leave.
/// </summary>
public sealed record NeedView(
    string Id, string Country, string Sector, string Title, IReadOnlyList<string> Instruments, string Priority,
    long AmountMinor, long FundedMinor, string Currency, string Status, DateOnly? StartDate, DateOnly? EndDate, long Version,
    bool Referred = false)
{
    public bool IsOpen => Status is "open" or "partially-funded";
}
