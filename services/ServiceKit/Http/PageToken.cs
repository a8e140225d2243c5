using System.Buffers.Text;
using System.Text;

namespace Marketplace.ServiceKit.Http;

/// <summary>
/// Opaque list cursors. A token encodes the id of the last item of the previous page; ids sort in
/// creation order, so a cursor never skips or repeats an item, whatever is inserted meanwhile.
/// </summary>
public static class PageToken
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("v1:" + lastId));

    public static bool TryDecode(string token, out string lastId)
    {
        lastId = "";
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (!text.StartsWith("v1:", StringComparison.Ordinal) || text.Length > 200) return false;
            lastId = text[3..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

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
