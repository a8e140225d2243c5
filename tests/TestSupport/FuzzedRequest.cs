using System.Net.Http.Headers;

namespace Marketplace.TestSupport;

/// <summary>One generated request body: its bytes, its Content-Type (null = none) and how it was made, for failure messages.</summary>
public sealed record FuzzedRequest(int Index, string Mutations, byte[] Body, string? ContentType)
{
    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(Body);
        if (ContentType is not null && !content.Headers.TryAddWithoutValidation("Content-Type", ContentType))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }
        return content;
    }

    public override string ToString()
    {
        var preview = System.Text.Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        return $"#{Index} [{Mutations}] content-type={ContentType ?? "(none)"} {Body.Length} bytes: {preview}";
    }
}
