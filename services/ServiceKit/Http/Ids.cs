namespace Marketplace.ServiceKit.Http;

/// <summary>
/// Resource ids: a type prefix (so an id says what it names, and the gateway can route the audit trail
/// by it) and a version 7 GUID, which sorts by creation time, giving stable cursor order.
/// </summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";

    public static bool HasPrefix(string id, string prefix) =>
        id.Length == prefix.Length + 33 && id.StartsWith(prefix + "_", StringComparison.Ordinal);
}
