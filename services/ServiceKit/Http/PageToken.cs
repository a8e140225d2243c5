using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Marketplace.ServiceKit.Http;

/// <summary>
/// Opaque list cursors. A token encodes the commit sequence number of the last item of the previous page
/// (<c>v2</c>). Lists are in that order, and the stores hand numbers out in commit order
/// (<see cref="Persistence.MongoCommitSequence"/>, <see cref="Persistence.SqliteSchema.EnsureCommitSequence"/>),
/// so an item committed after a page was read always sorts after its cursor: a cursor never skips or
/// repeats an item, whatever is inserted meanwhile. (The <c>v1</c> tokens held an id, minted before its
/// write committed, so a slower concurrent insert could land below a cursor already handed out; they are
/// no longer accepted.)
/// </summary>
public static class PageToken
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    private const string Version = "v2:";

    public static string Encode(long lastSeq) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + lastSeq.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Decodes a token to its position: the commit sequence number of the last item of the previous page, as text.</summary>
    public static bool TryDecode(string token, out string lastSeq)
    {
        lastSeq = "";
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (!text.StartsWith(Version, StringComparison.Ordinal) || text.Length > 40) return false;
            if (!long.TryParse(text.AsSpan(Version.Length), NumberStyles.None, CultureInfo.InvariantCulture, out _)) return false;
            lastSeq = text[Version.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The sequence number after which a page starts; null for the first page. <paramref name="after"/> comes from <see cref="TryDecode"/>.</summary>
    public static long? Sequence(string? after) => after is null ? null : long.Parse(after, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Reads <c>pageSize</c> and <c>pageToken</c> from the query, adding errors for bad values.</summary>
    public static (int PageSize, string? After) Read(string? pageSize, string? pageToken, FieldErrors errors)
    {
        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, out size) || size < 1 || size > MaxPageSize))
        {
            errors.Add("pageSize", $"must be a whole number from 1 to {MaxPageSize}");
        }
        string? after = null;
        if (!string.IsNullOrEmpty(pageToken))
        {
            if (TryDecode(pageToken, out var last)) after = last;
            else errors.Add("pageToken", "is not a token this API issued");
        }
        return (size, after);
    }
}
