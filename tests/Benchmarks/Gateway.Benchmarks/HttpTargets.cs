using System.Net;
using System.Net.Http.Headers;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>The public API calls of scenarios 1 and 2, against any base address (the gateway or a service).</summary>
public static class HttpTargets
{
    public static readonly byte[] PledgeBody =
        """{"title":"Benchmark pledge","amount":{"amount":"1000.00","currency":"USD"},"instrument":"grant","countries":["GT"],"sectors":["health"]}"""u8.ToArray();

    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    /// <summary>One pooled client per side: connections are opened once and reused, as any real client would.</summary>
    public static HttpClient Client(Uri baseAddress, string token)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Func<int, CancellationToken, Task<bool>> ListNeeds(HttpClient client) => async (_, ct) =>
    {
        using var response = await client.GetAsync("api/v1/needs?pageSize=50", HttpCompletionOption.ResponseContentRead, ct);
        return response.StatusCode == HttpStatusCode.OK;
    };

    public static Func<int, CancellationToken, Task<bool>> PostPledge(HttpClient client) => async (_, ct) =>
    {
        using var content = new ByteArrayContent(PledgeBody);
        content.Headers.ContentType = JsonType;
        using var response = await client.PostAsync("api/v1/pledges", content, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response.StatusCode == HttpStatusCode.Created;
    };
}
