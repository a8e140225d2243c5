using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// Where a page of matches ended: the last match's sort key and its commit sequence number (unique together, so the
/// next page starts strictly after it). For <c>proposedAt</c> the key is the sequence number itself: proposals are
/// numbered in commit order and rounds commit one after another under the fenced solver lease, so commit order is
/// proposal order, and a proposal committed while a client pages always sorts after the cursor it holds. Its text,
/// carried inside a <see cref="PageToken"/>, also binds the list's filters and order: a token presented with another
/// <c>orderBy</c> or filter is refused.
/// </summary>
public sealed record MatchCursor(string Key, long Seq)
{
    private const char Separator = '~';

    public static MatchCursor After(MatchOrder order, Match last, long seq) => new(order.KeyOf(last, seq), seq);

    public static string Write(MatchFilter filter, Match last, long seq) =>
        string.Join(Separator, Fingerprint(filter), filter.Order.KeyOf(last, seq), seq.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a cursor written by <see cref="Write"/> for the same filters and order; false otherwise.</summary>
    public static bool TryRead(MatchFilter filter, string text, out MatchCursor cursor)
    {
        cursor = new MatchCursor("", 0);
        var parts = text.Split(Separator, 3);
        if (parts.Length != 3 || parts[0] != Fingerprint(filter) || !filter.Order.IsKey(parts[1]) || !PageToken.IsSequence(parts[2])) return false;
        cursor = new MatchCursor(parts[1], long.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>The cursor after <paramref name="page"/> of <paramref name="filter"/>'s list, or null on its last page.</summary>
    public static MatchCursor? Next(MatchFilter filter, Page<Match> page) =>
        page.NextPageToken is { } token && PageToken.TryDecode(token, text => TryRead(filter, text, out _), out var text)
            && TryRead(filter, text, out var cursor) ? cursor : null;

    private static string Fingerprint(MatchFilter f)
    {
        var text = string.Join('\n', f.Order.Name, f.Status, f.NeedId, f.PledgeId, f.Country, f.Donor, f.Sector, f.Instrument);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 6));
    }
}
