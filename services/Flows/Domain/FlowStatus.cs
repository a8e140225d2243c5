namespace Marketplace.Flows.Domain;

/// <summary>
/// Flow lifecycle (docs/flows.md): approved → committed → partially-disbursed → disbursed follow from the
/// commitment and the disbursed total; cancelled is terminal and is refused once everything is disbursed.
/// </summary>
public static class FlowStatus
{
    public const string Approved = "approved";
    public const string Committed = "committed";
    public const string PartiallyDisbursed = "partially-disbursed";
    public const string Disbursed = "disbursed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Approved, Committed, PartiallyDisbursed, Disbursed, Cancelled];

    public static string Derive(bool cancelled, bool hasCommitment, long committedMinor, long disbursedMinor) =>
        cancelled ? Cancelled
        : !hasCommitment ? Approved
        : disbursedMinor <= 0 ? Committed
        : disbursedMinor < committedMinor ? PartiallyDisbursed
        : Disbursed;
}
