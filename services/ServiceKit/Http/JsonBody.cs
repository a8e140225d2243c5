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
            var node = JsonNode.Parse(buffer.ToArray(), NodeOptions, DocumentOptions);
            return node is JsonObject obj
                ? (obj, null)
                : (null, Problems.BadRequest("The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON: {ex.Message}"));
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
