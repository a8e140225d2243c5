using Marketplace.ServiceKit.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Marketplace.ServiceKit.Export;

/// <summary>
/// How a list endpoint answers (API.md "Conventions", Exports): JSON pages by default, the whole filtered
/// list as CSV for <c>?format=csv</c> or an <c>Accept</c> header that prefers <c>text/csv</c>.
/// </summary>
public enum ListFormat
{
    Json,
    Csv,
}

public static class ListFormats
{
    public const string CsvMediaType = "text/csv";

    /// <summary>Reads <c>format</c> (json or csv) and, without it, <c>Accept</c>; a bad value is a field error.</summary>
    public static ListFormat Read(HttpRequest request, FieldErrors errors)
    {
        var format = request.Query["format"].FirstOrDefault();
        if (format is not null)
        {
            switch (format)
            {
                case "csv": return ListFormat.Csv;
                case "json": return ListFormat.Json;
                default:
                    errors.Add("format", "must be json or csv");
                    return ListFormat.Json;
            }
        }
        return PrefersCsv(request) ? ListFormat.Csv : ListFormat.Json;
    }

    private static bool PrefersCsv(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)) return false;
        var best = accepted
            .Where(a => (a.Quality ?? 1) > 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .FirstOrDefault(a => a.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase)
                || a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || a.MatchesAllTypes);
        return best is not null && best.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase);
    }
}
