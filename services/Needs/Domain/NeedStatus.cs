namespace Marketplace.Needs.Domain;

/// <summary>
/// Need lifecycle: open → partially-funded → funded follow from the funded amount; withdrawn is terminal.
/// </summary>
public static class NeedStatus
{
    public const string Open = "open";
    public const string PartiallyFunded = "partially-funded";
    public const string Funded = "funded";
    public const string Withdrawn = "withdrawn";

    public static string Derive(bool withdrawn, long fundedMinor, long amountMinor) =>
        withdrawn ? Withdrawn
        : fundedMinor <= 0 ? Open
        : fundedMinor < amountMinor ? PartiallyFunded
        : Funded;
}
