namespace Marketplace.ServiceKit.Http;

/// <summary>
/// Resource ids: a type prefix (so an id says what it names, and the gateway can route the audit trail
/// by it) and a version 7 GUID, which sorts by creation time, giving stable cursor order.
/// </summary>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static UInt128 _last;

    /// <summary>
    /// A new id, strictly greater than every id this process issued before: version 7 GUIDs are only
    /// ordered to the millisecond, so within one millisecond the next id is the previous one plus one.
    /// </summary>
    public static string New(string prefix)
    {
        var candidate = UInt128.Parse(Guid.CreateVersion7().ToString("N"), System.Globalization.NumberStyles.HexNumber);
        lock (Gate)
        {
            _last = candidate > _last ? candidate : _last + 1;
            return $"{prefix}_{_last:x32}";
        }
    }
}
