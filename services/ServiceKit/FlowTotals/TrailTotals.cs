namespace Marketplace.ServiceKit.FlowTotals;

/// <summary>What the flows of one entity (a need, a pledge, a match) committed and disbursed, in its currency's minor units.</summary>
public sealed record TrailTotals(long CommittedMinor, long DisbursedMinor)
{
    public static readonly TrailTotals None = new(0, 0);
}
