using System.Net.Http.Headers;
using System.Text.Json;
using Marketplace.ServiceKit.Security;

namespace Marketplace.ServiceKit.Identity;

/// <summary>
/// One resource of the identity service (the chair term, the organisation registry) read over HTTP with this
/// service's own token and kept for <paramref name="lifetime"/>: a change there reaches this service within
/// that window. Concurrent misses share one request. A failed or unreadable answer is not cached and throws
/// <see cref="IdentityUnavailableException"/>, so the caller fails closed.
/// </summary>
public sealed class IdentityResource<T>(
    IHttpClientFactory httpFactory, string httpClientName, ServiceTokenProvider tokens, TimeProvider clock, Uri address,
    TimeSpan lifetime, Func<JsonElement, T> parse)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (T Value, DateTimeOffset FetchedAt)? _cached;

    public async Task<T> GetAsync(CancellationToken ct)
    {
        if (Fresh() is { } hit) return hit.Value;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } again) return again.Value;
            var value = await FetchAsync(ct);
            _cached = (value, clock.GetUtcNow());
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private (T Value, DateTimeOffset FetchedAt)? Fresh() =>
        _cached is { } c && clock.GetUtcNow() - c.FetchedAt < lifetime ? c : null;

    private async Task<T> FetchAsync(CancellationToken ct)
    {
        try
        {
            using var http = httpFactory.CreateClient(httpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            if (await tokens.GetTokenAsync(ct) is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                throw new IdentityUnavailableException($"the identity service answered {(int)response.StatusCode} for {address.AbsolutePath}");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return parse(body.RootElement);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or JsonException
                                   or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new IdentityUnavailableException($"{address.AbsolutePath} could not be read from the identity service ({ex.GetType().Name})", ex);
        }
    }
}
