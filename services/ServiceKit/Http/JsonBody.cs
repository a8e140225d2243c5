using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Marketplace.ServiceKit.Http;

/// <summary>
/// Reads a request body as a JSON object, enforcing API.md's rules before any field is looked at:
/// JSON media type (415), at most 64 KiB (413), well-formed JSON object (400).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken ct)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType());
        }
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.PayloadTooLarge(MaxBytes));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, Problems.PayloadTooLarge(MaxBytes));
            }
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var json = buffer.ToArray();
            ReadEveryString(json);
            var node = JsonNode.Parse(json, NodeOptions, DocumentOptions);
            return node is JsonObject obj
                ? (obj, null)
                : (null, Problems.BadRequest("The body must be a JSON object."));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }
    }

    /// <summary>
    /// Decodes every name and string once: invalid UTF-8 inside a string and escaped lone surrogates
    /// (<c>"\ud800"</c>) pass the parser but cannot become a .NET string, so they are a 400 here rather
    /// than an exception (a 500) when a field is read.
    /// </summary>
    private static void ReadEveryString(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) reader.GetString();
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/merge-patch+json", StringComparison.OrdinalIgnoreCase);
    }
}
