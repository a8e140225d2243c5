using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Marketplace.TestSupport;

/// <summary>What a fuzz run saw: responses outside the allowed statuses, and how often each status came back.</summary>
public sealed class FuzzOutcome(params HttpStatusCode[] allowed)
{
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentDictionary<int, int> _statuses = new();

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public int Count(HttpStatusCode status) => _statuses.GetValueOrDefault((int)status);

    /// <summary>
    /// Sends one request with a deadline and records its response; returns the body of a
    /// <paramref name="success"/> response, null otherwise. A request that gets no answer is unexpected too.
    /// </summary>
    public async Task<JsonObject?> SendAsync(FuzzedRequest request, Func<CancellationToken, Task<HttpResponseMessage>> send, HttpStatusCode success)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        HttpResponseMessage response;
        try
        {
            response = await send(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _unexpected.Enqueue($"no response within 10 s for {request}");
            return null;
        }
        using (response)
        {
            await RecordAsync(request, response);
            return response.StatusCode == success ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        }
    }

    /// <summary>Records a response; any 5xx, any status not allowed, and any error that is not problem+json is unexpected.</summary>
    private async Task RecordAsync(FuzzedRequest request, HttpResponseMessage response)
    {
        var status = response.StatusCode;
        _statuses.AddOrUpdate((int)status, 1, (_, n) => n + 1);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if ((int)status >= 500 || !allowed.Contains(status))
        {
            _unexpected.Enqueue($"{(int)status} for {request}\n  response: {Truncate(await response.Content.ReadAsStringAsync())}");
        }
        else if ((int)status >= 400 && mediaType != "application/problem+json")
        {
            _unexpected.Enqueue($"{(int)status} with content type {mediaType} for {request}");
        }
    }

    public void AssertNoneUnexpected(int seed)
    {
        var unexpected = _unexpected.ToArray();
        Assert.True(unexpected.Length == 0,
            $"seed {seed}: {unexpected.Length} unexpected responses (statuses seen: {string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}). First ones:\n" +
            string.Join("\n", unexpected.Take(8)));
    }

    private static string Truncate(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
