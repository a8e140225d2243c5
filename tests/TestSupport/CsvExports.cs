using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Xunit;

namespace Marketplace.TestSupport;

/// <summary>
/// Reads a list endpoint both ways, as JSON pages and as a CSV export, and checks API.md's export rule:
/// the CSV has exactly the rows of the JSON list, each cell the JSON field flattened with dots, sets joined
/// with ';', and a leading ' on text that a spreadsheet would run as a formula.
/// </summary>
public static class CsvExports
{
    public static async Task<(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows)> ReadAsync(
        HttpClient client, string path, bool byAcceptHeader = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, byAcceptHeader ? path : WithQuery(path, "format=csv"));
        if (byAcceptHeader) request.Headers.Accept.ParseAdd("text/csv");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var csv = CsvReader.Create(body, CsvHelper.CsvReaderOptions.Default with { Separator = ',' });
        await csv.ReadHeaderAsync();
        var header = csv.Headers.ToArray();
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (await csv.ReadAsync())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) row[header[i]] = csv.GetString(i);
            rows.Add(row);
        }
        return (header, rows);
    }

    /// <summary>Every item of a JSON list, following <c>nextPageToken</c> with small pages.</summary>
    public static async Task<IReadOnlyList<JsonObject>> ReadAllPagesAsync(HttpClient client, string path, int pageSize = 7)
    {
        var items = new List<JsonObject>();
        string? token = null;
        do
        {
            var url = WithQuery(path, $"pageSize={pageSize}" + (token is null ? "" : $"&pageToken={token}"));
            var page = await (await client.GetAsync(url)).ReadObjectAsync();
            items.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            token = page["nextPageToken"]?.GetValue<string>();
        }
        while (token is not null);
        return items;
    }

    /// <summary>Asserts that the CSV export of <paramref name="path"/> is the JSON list, row by row and cell by cell.</summary>
    public static async Task<int> AssertMatchesJsonListAsync(HttpClient client, string path)
    {
        var json = await ReadAllPagesAsync(client, path);
        var (header, rows) = await ReadAsync(client, path);
        Assert.Equal(json.Count, rows.Count);
        for (var i = 0; i < json.Count; i++)
        {
            var expected = Flatten(json[i]);
            Assert.Empty(expected.Keys.Except(header));
            foreach (var column in header)
            {
                Assert.Equal(expected.GetValueOrDefault(column, ""), rows[i][column]);
            }
        }
        return rows.Count;
    }

    /// <summary>API.md's flattening of one JSON item into named cells.</summary>
    public static IReadOnlyDictionary<string, string> Flatten(JsonObject item)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(item, "", cells);
        return cells;
    }

    private static void Flatten(JsonObject node, string prefix, Dictionary<string, string> cells)
    {
        foreach (var (name, value) in node)
        {
            var key = prefix + name;
            switch (value)
            {
                case null:
                    break;
                case JsonObject nested:
                    Flatten(nested, key + ".", cells);
                    break;
                case JsonArray set when set.All(e => e is JsonValue):
                    cells[key] = Neutralised(string.Join(';', set.Select(e => e!.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : e.ToJsonString())));
                    break;
                case JsonArray other:
                    cells[key] = Neutralised(other.ToJsonString());
                    break;
                case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                    cells[key] = Neutralised(scalar.GetValue<string>());
                    break;
                default:
                    cells[key] = value.ToJsonString();
                    break;
            }
        }
    }

    private static string Neutralised(string text) => text.Length > 0 && "=+-@".Contains(text[0]) ? "'" + text : text;

    private static string WithQuery(string path, string query) => path + (path.Contains('?') ? "&" : "?") + query;
}
