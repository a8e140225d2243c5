namespace Marketplace.ServiceKit.Http;

/// <summary>One page of a list: the items and the cursor to the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken)
{
    /// <summary>Builds a page from up to <paramref name="pageSize"/> + 1 rows read in id order.</summary>
    public static Page<T> FromRows(IReadOnlyList<T> rows, int pageSize, Func<T, string> idOf) =>
        rows.Count > pageSize
            ? new Page<T>(rows.Take(pageSize).ToList(), PageToken.Encode(idOf(rows[pageSize - 1])))
            : new Page<T>(rows, null);
}
