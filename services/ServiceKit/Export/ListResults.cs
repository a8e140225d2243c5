using Marketplace.ServiceKit.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.ServiceKit.Export;

/// <summary>
/// The one answer of every list endpoint: a JSON page, or (API.md "Exports") the same filtered list as
/// CSV, every page streamed from the store with the cursor. Validate filters and authorise before
/// calling, exactly as for JSON; the CSV export starts after <c>pageToken</c> when one is given and
/// reads the store in pages of <see cref="PageToken.MaxPageSize"/>.
/// </summary>
public static class ListResults
{
    /// <summary>Reads one page of the list after a cursor (an id, or null for the first page).</summary>
    public delegate Task<Page<T>> PageReader<T>(int pageSize, string? after, CancellationToken ct);

    public static IResult Paged<T>(ListFormat format, CsvColumns columns, string fileName, int pageSize, string? after,
        PageReader<T> read, Func<T, object> toJson) =>
        format == ListFormat.Csv
            ? new StreamedCsv<T>(columns, fileName, after, read, toJson)
            : new JsonPage<T>(pageSize, after, read, toJson);

    /// <summary>A short unpaged list (FX rates, an entity's audit trail).</summary>
    public static IResult Items<T>(ListFormat format, CsvColumns columns, string fileName, IEnumerable<T> items, Func<T, object> toJson) =>
        format == ListFormat.Csv
            ? new StreamedCsv<T>(columns, fileName, null, (_, _, _) => Task.FromResult(new Page<T>(items.ToList(), null)), toJson)
            : Results.Ok(new { items = items.Select(toJson) });

    private sealed class JsonPage<T>(int pageSize, string? after, PageReader<T> read, Func<T, object> toJson) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var page = await read(pageSize, after, httpContext.RequestAborted);
            await Results.Ok(new { items = page.Items.Select(toJson), nextPageToken = page.NextPageToken }).ExecuteAsync(httpContext);
        }
    }

    // The token was issued by the same read a moment ago, whatever kind of position its list uses.
    private static bool AnyPosition(string position) => position.Length > 0;

    private sealed class StreamedCsv<T>(CsvColumns columns, string fileName, string? after, PageReader<T> read, Func<T, object> toJson) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var ct = httpContext.RequestAborted;
            await using var export = await CsvExport.StartAsync(httpContext, columns, fileName);
            var cursor = after;
            while (true)
            {
                var page = await read(PageToken.MaxPageSize, cursor, ct);
                foreach (var item in page.Items) await export.WriteAsync(toJson(item));
                await export.FlushAsync();
                if (page.NextPageToken is null || !PageToken.TryDecode(page.NextPageToken, AnyPosition, out var next)) break;
                cursor = next;
            }
        }
    }
}
