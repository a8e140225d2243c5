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
    private const int MaxTokenText = 200;

    public static string Encode(long lastSeq) => Encode(lastSeq.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A token for a position that is not a bare sequence number (a list in another order, e.g. the matches' <c>orderBy</c>,
    /// whose position is its sort key and sequence number); the list reads it back with its own <c>isPosition</c>.
    /// </summary>
    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + position));

    /// <summary>Decodes a token to its position: the commit sequence number of the last item of the previous page, as text.</summary>
    public static bool TryDecode(string token, out string lastSeq) => TryDecode(token, IsSequence, out lastSeq);

    /// <summary>Decodes a token to its position, accepted only when <paramref name="isPosition"/> recognises it.</summary>
    public static bool TryDecode(string token, Func<string, bool> isPosition, out string position)
    {
        position = "";
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (!text.StartsWith(Version, StringComparison.Ordinal) || text.Length > MaxTokenText) return false;
            if (!isPosition(text[Version.Length..])) return false;
            position = text[Version.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="position"/> is a commit sequence number as <see cref="Encode(long)"/> writes it.</summary>
    public static bool IsSequence(string position) =>
        position.Length is > 0 and <= 19 && long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>Whether <paramref name="position"/> is an id as <see cref="Ids"/> mints them (a list in id order).</summary>
    public static bool IsId(string position) =>
        position.Length is > 0 and <= 100 && position.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>The sequence number after which a page starts; null for the first page. <paramref name="after"/> comes from <see cref="TryDecode"/>.</summary>
    public static long? Sequence(string? after) => after is null ? null : long.Parse(after, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Reads <c>pageSize</c> and <c>pageToken</c> from the query, adding errors for bad values.</summary>
    /// <remarks><paramref name="isPosition"/> recognises the list's positions: a commit sequence number unless the list says otherwise.</remarks>
    public static (int PageSize, string? After) Read(string? pageSize, string? pageToken, FieldErrors errors, Func<string, bool>? isPosition = null)
    {
        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, out size) || size < 1 || size > MaxPageSize))
        {
            errors.Add("pageSize", $"must be a whole number from 1 to {MaxPageSize}");
        }
        string? after = null;
        if (!string.IsNullOrEmpty(pageToken))
        {
            if (TryDecode(pageToken, isPosition ?? IsSequence, out var last)) after = last;
            else errors.Add("pageToken", "is not a token this API issued");
        }
        return (size, after);
    }
}
