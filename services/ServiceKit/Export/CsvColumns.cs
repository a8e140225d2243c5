namespace Marketplace.ServiceKit.Export;

/// <summary>
/// The CSV columns of a resource: its JSON fields flattened with dots (<c>funded.amount</c>,
/// <c>funded.currency</c>, <c>referral.at</c>). Declared up front because a streamed export writes its
/// header before it has read any row, and an optional field must have its column even when the first
/// rows lack it.
/// </summary>
public sealed class CsvColumns
{
    public CsvColumns(params string[] paths)
    {
        if (paths.Length == 0) throw new ArgumentException("A CSV export needs at least one column.", nameof(paths));
        Paths = paths;
        Segments = paths.Select(p => p.Split('.')).ToArray();
    }

    public IReadOnlyList<string> Paths { get; }

    internal IReadOnlyList<string[]> Segments { get; }

    /// <summary>The two columns of a money field: <c>name.amount</c> and <c>name.currency</c>.</summary>
    public static string[] Money(string name) => [$"{name}.amount", $"{name}.currency"];
}
