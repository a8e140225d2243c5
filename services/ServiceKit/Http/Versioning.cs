using Microsoft.AspNetCore.Http;

namespace Marketplace.ServiceKit.Http;

/// <summary>ETag / If-Match handling: every resource's ETag is its quoted integer version.</summary>
public static class Versioning
{
    public static string ETagOf(long version) => $"\"{version}\"";

    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETagOf(version);

    /// <summary>Reads If-Match; returns the expected version, or the 428/412 response to send instead.</summary>
    public static (long Expected, IResult? Error) ReadIfMatch(HttpRequest request, long currentVersion)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header)) return (0, Problems.PreconditionRequired());
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        if (!long.TryParse(value, out var expected) || expected != currentVersion)
        {
            return (0, Problems.PreconditionFailed(currentVersion));
        }
        return (expected, null);
    }
}
