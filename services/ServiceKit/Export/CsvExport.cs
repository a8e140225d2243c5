using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Marketplace.ServiceKit.Export;

/// <summary>
/// Writes rows to the response as RFC 4180 CSV (CsvHelper), UTF-8, header first, flushing after every
/// batch so that what is held in memory is one batch, never the list.
/// </summary>
internal sealed class CsvExport : IAsyncDisposable
{
    private static readonly CsvWriterOptions Rfc4180 = CsvWriterOptions.Default with
    {
        // CsvCells neutralises formulas on text cells only; the writer's own option would also
        // touch a number such as a negative value, which reaches it as text.
        Injection = CsvInjection.None,
        WriteByteOrderMark = false,
    };

    private readonly CsvWriter _csv;
    private readonly CsvColumns _columns;
    private readonly JsonSerializerOptions _json;
    private readonly CancellationToken _ct;

    private CsvExport(HttpContext http, CsvColumns columns)
    {
        _columns = columns;
        _json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        _csv = CsvWriter.Create(http.Response.Body, Rfc4180, leaveOpen: true);
        _ct = http.RequestAborted;
    }

    public static async Task<CsvExport> StartAsync(HttpContext http, CsvColumns columns, string fileName)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = $"{ListFormats.CsvMediaType}; charset=utf-8; header=present";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}.csv\"";
        var export = new CsvExport(http, columns);
        export._csv.WriteHeader(columns.Paths.ToArray());
        await export._csv.FlushAsync(export._ct);
        return export;
    }

    public async Task WriteAsync(object item)
    {
        var element = JsonSerializer.SerializeToElement(item, item.GetType(), _json);
        foreach (var path in _columns.Segments) _csv.WriteField(CsvCells.Of(element, path));
        await _csv.EndRecordAsync(_ct);
    }

    public ValueTask FlushAsync() => _csv.FlushAsync(_ct);

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}
