using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.Soak;

/// <summary>
/// The gateway as a careful client uses it while processes die under it: every POST carries an
/// <c>Idempotency-Key</c> and is repeated with the same key until the answer is definite (2xx or 4xx), so an
/// answer lost with a killed process never turns into a second effect or an unknown one. A 5xx other than
/// 502/503/504 (a process that is down or starting) is counted: it should never happen.
/// </summary>
public sealed class SoakApi(MarketplaceProcesses system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly HttpClient _http = new() { BaseAddress = system.Gateway, Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public int UnexpectedServerErrors;

    public async Task<(HttpStatusCode Status, JsonObject? Body)> PostAsync(string client, string path, string? json)
    {
        var key = Guid.NewGuid().ToString("N");
        return await SendAsync(client, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        });
    }

    public Task<(HttpStatusCode Status, JsonObject? Body)> GetAsync(string client, string path) =>
        SendAsync(client, () => new HttpRequestMessage(HttpMethod.Get, path));

    /// <summary>Every item of a list endpoint, page by page (secretariat reads everything).</summary>
    public async Task<List<JsonObject>> ListAsync(string path)
    {
        var items = new List<JsonObject>();
        string? token = null;
        do
        {
            var separator = path.Contains('?') ? '&' : '?';
            var page = $"{path}{separator}pageSize=200{(token is null ? "" : $"&pageToken={Uri.EscapeDataString(token)}")}";
            var (status, body) = await GetAsync("secretariat", page);
            if (status != HttpStatusCode.OK || body is null) throw new InvalidOperationException($"GET {page} → {(int)status}");
            items.AddRange(body["items"]!.AsArray().Select(i => i!.AsObject()));
            token = body["nextPageToken"]?.GetValue<string>();
        } while (token is not null);
        return items;
    }

    private async Task<(HttpStatusCode, JsonObject?)> SendAsync(string client, Func<HttpRequestMessage> create)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                using var request = create();
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client));
                using var response = await _http.SendAsync(request);
                var status = response.StatusCode;
                if (status == HttpStatusCode.Unauthorized) _tokens.TryRemove(client, out _);
                else if (status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout) { }
                else if (status == HttpStatusCode.Conflict && response.Headers.RetryAfter is not null) { }
                else
                {
                    if ((int)status >= 500) Interlocked.Increment(ref UnexpectedServerErrors);
                    else
                    {
                        var text = await response.Content.ReadAsStringAsync();
                        return (status, text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : null);
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
            }
            if (DateTime.UtcNow > deadline) return (0, null);
            await Task.Delay(250);
        }
    }

    private async Task<string> TokenAsync(string client)
    {
        if (_tokens.TryGetValue(client, out var cached)) return cached;
        var token = await system.TokenAsync(client);
        _tokens[client] = token;
        return token;
    }
}
