namespace Marketplace.Pledges.Domain;

/// <summary>
/// Pledge lifecycle: open → partially-allocated → fully-allocated follow from the allocated amount;
/// withdrawn is terminal.
/// </summary>
public static class PledgeStatus
{
    public const string Open = "open";
    public const string PartiallyAllocated = "partially-allocated";
    public const string FullyAllocated = "fully-allocated";
    public const string Withdrawn = "withdrawn";

    public static string Derive(bool withdrawn, long allocatedMinor, long amountMinor) =>
        withdrawn ? Withdrawn
        : allocatedMinor <= 0 ? Open
        : allocatedMinor < amountMinor ? PartiallyAllocated
        : FullyAllocated;
}
