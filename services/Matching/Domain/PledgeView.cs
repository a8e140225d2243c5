namespace Marketplace.Matching.Domain;

/// <summary>The matching service's copy of a pledge, kept current from pledge events (highest version wins).</summary>
public sealed record PledgeView(
    string Id, string Donor, string Title, string Instrument, IReadOnlyList<string> Countries, IReadOnlyList<string> Sectors,
    long AmountMinor, long AllocatedMinor, string Currency, long? MinAllocationMinor, long? MaxAllocationMinor,
    DateOnly? AvailableFrom, DateOnly? AvailableUntil, string Status, long Version)
{
    public bool IsOpen => Status is "open" or "partially-allocated";
}
