namespace Marketplace.Matching.Domain;

/// <summary>The matching service's copy of a need, kept current from need events (highest version wins).</summary>
public sealed record NeedView(
    string Id, string Country, string Sector, string Title, IReadOnlyList<string> Instruments, string Priority,
    long AmountMinor, long FundedMinor, string Currency, string Status, DateOnly? StartDate, DateOnly? EndDate, long Version)
{
    public bool IsOpen => Status is "open" or "partially-funded";
}
