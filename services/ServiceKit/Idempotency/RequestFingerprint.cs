using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.ServiceKit.Idempotency;

/// <summary>
/// Bodies are compared as parsed JSON, not bytes (API.md): whitespace and the order of object members do
/// not matter, values do. A body that is not JSON is compared byte for byte.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return Hash("empty:"u8);
        try
        {
            var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
            var canonical = new StringBuilder("json:");
            Write(node, canonical);
            return Hash(Encoding.UTF8.GetBytes(canonical.ToString()));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return Hash([.. "raw:"u8, .. body]);
        }
    }

    private static void Write(JsonNode? node, StringBuilder to)
    {
        switch (node)
        {
            case null:
                to.Append("null");
                break;
            case JsonObject obj:
                to.Append('{');
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    to.Append(JsonSerializer.Serialize(name)).Append(':');
                    Write(value, to);
                    to.Append(',');
                }
                to.Append('}');
                break;
            case JsonArray array:
                to.Append('[');
                foreach (var item in array)
                {
                    Write(item, to);
                    to.Append(',');
                }
                to.Append(']');
                break;
            default:
                to.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>The stored key: the caller's subject, the path and the client's key, so keys never collide across callers or resources.</summary>
    public static string ScopedKey(string subject, string path, string key) =>
        Hash(Encoding.UTF8.GetBytes($"{subject.Length}:{subject}|{path.Length}:{path}|{key}"));

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
