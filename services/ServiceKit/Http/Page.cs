namespace Marketplace.ServiceKit.Http;

/// <summary>One page of a list: the items and the cursor to the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken)
{
    /// <summary>Builds a page from up to <paramref name="pageSize"/> + 1 rows read in commit sequence order, each with its number.</summary>
    public static Page<T> FromRows(IReadOnlyList<(T Item, long Seq)> rows, int pageSize) =>
        rows.Count > pageSize
            ? new Page<T>([.. rows.Take(pageSize).Select(r => r.Item)], PageToken.Encode(rows[pageSize - 1].Seq))
            : new Page<T>([.. rows.Select(r => r.Item)], null);

    /// <summary>
    /// As the other overload, for a list in another order: the token holds <paramref name="positionOf"/> the last item
    /// and its number (its sort key and sequence number), read back by the list's own <c>isPosition</c>.
    /// </summary>
    public static Page<T> FromRows(IReadOnlyList<(T Item, long Seq)> rows, int pageSize, Func<T, long, string> positionOf) =>
        rows.Count > pageSize
            ? new Page<T>([.. rows.Take(pageSize).Select(r => r.Item)], PageToken.Encode(positionOf(rows[pageSize - 1].Item, rows[pageSize - 1].Seq)))
            : new Page<T>([.. rows.Select(r => r.Item)], null);

    /// <summary>
    /// For a list in id order (the notifications service's own lists, newest first): the token holds the last item's id,
    /// read back with <see cref="PageToken.IsId"/>. Unlike the commit sequence, an id is minted before its write commits.
    /// </summary>
    public static Page<T> FromRows(IReadOnlyList<T> rows, int pageSize, Func<T, string> idOf) =>
        rows.Count > pageSize
            ? new Page<T>([.. rows.Take(pageSize)], PageToken.Encode(idOf(rows[pageSize - 1])))
            : new Page<T>(rows, null);
}
