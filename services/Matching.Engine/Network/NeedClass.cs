namespace Marketplace.Matching.Engine.Network;

// Needs that every pledge reaching this class may fund: same country, sector, one accepted instrument and
// the exact same date window. Because eligibility depends on nothing else, any split of the class's
// inflow among its needs is a set of eligible allocations; this is what makes aggregation exact.
internal sealed class NeedClass(string country, string sector, string instrument, DateOnly? start, DateOnly? end)
{
    public string Country { get; } = country;
    public string Sector { get; } = sector;
    public string Instrument { get; } = instrument;
    public DateOnly? Start { get; } = start;
    public DateOnly? End { get; } = end;
    public List<int> Needs { get; } = [];
}
