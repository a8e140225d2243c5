using System.Security.Cryptography;
using System.Text;
using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// Where a page of matches ended: the last match's sort key and id (unique together, so the next page starts
/// strictly after it and nothing is skipped or repeated). Its text, carried inside a <c>PageToken</c>, also
/// binds the list's filters and order: a token presented with another <c>orderBy</c> or filter is refused.
/// </summary>
public sealed record MatchCursor(string Key, string Id)
{
    private const char Separator = '~';

    public static MatchCursor After(MatchOrder order, Match last) => new(order.KeyOf(last), last.Id);

    public static string Write(MatchFilter filter, Match last) =>
        string.Join(Separator, Fingerprint(filter), filter.Order.KeyOf(last), last.Id);

    /// <summary>Reads a cursor written by <see cref="Write"/> for the same filters and order; false otherwise.</summary>
    public static bool TryRead(MatchFilter filter, string text, out MatchCursor cursor)
    {
        cursor = new MatchCursor("", "");
        var parts = text.Split(Separator, 3);
        if (parts.Length != 3 || parts[0] != Fingerprint(filter) || !filter.Order.IsKey(parts[1]) || parts[2].Length == 0) return false;
        cursor = new MatchCursor(parts[1], parts[2]);
        return true;
    }

    private static string Fingerprint(MatchFilter f)
    {
        var text = string.Join('\n', f.Order.Name, f.Status, f.NeedId, f.PledgeId, f.Country, f.Donor, f.Sector, f.Instrument);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 6));
    }
}
