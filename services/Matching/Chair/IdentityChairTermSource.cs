using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Marketplace.Matching.Options;
using Marketplace.ServiceKit.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Chair;

/// <summary>
/// Reads the term from the identity service's <c>GET /api/v1/chair</c> with this service's own token, and
/// keeps it for <c>Matching:ChairTermCacheSeconds</c> (default 10): a decision compares the caller with the term
/// at the time of the decision, and a change of term reaches matching within that window. Concurrent misses
/// share one request. A failed read is not cached, and a chair's decision is refused while it fails.
/// </summary>
public sealed class IdentityChairTermSource(
    IHttpClientFactory httpFactory, ServiceTokenProvider tokens, IOptions<MatchingOptions> options, TimeProvider clock) : IChairTermSource
{
    public const string HttpClientName = "identity-chair";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ChairTerm? Term, DateTimeOffset FetchedAt)? _cached;

    public async Task<ChairTerm?> GetAsync(CancellationToken ct)
    {
        if (Fresh() is { } hit) return hit.Term;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } again) return again.Term;
            var term = await FetchAsync(ct);
            _cached = (term, clock.GetUtcNow());
            return term;
        }
        finally
        {
            _gate.Release();
        }
    }

    private (ChairTerm? Term, DateTimeOffset FetchedAt)? Fresh() =>
        _cached is { } c && clock.GetUtcNow() - c.FetchedAt < TimeSpan.FromSeconds(options.Value.ChairTermCacheSeconds) ? c : null;

    private async Task<ChairTerm?> FetchAsync(CancellationToken ct)
    {
        try
        {
            using var http = httpFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(options.Value.IdentityUrl), "api/v1/chair"));
            if (await tokens.GetTokenAsync(ct) is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
                throw new ChairTermUnavailableException($"the identity service answered {(int)response.StatusCode} for the chair term");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return Parse(body.RootElement);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or TaskCanceledException or JsonException
                                   or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ChairTermUnavailableException($"the chair term could not be read ({ex.GetType().Name})", ex);
        }
    }

    public static ChairTerm? Parse(JsonElement chair)
    {
        if (chair.GetProperty("org").ValueKind == JsonValueKind.Null) return null;
        var until = chair.TryGetProperty("until", out var u) && u.ValueKind == JsonValueKind.String ? Date(u.GetString()!) : (DateOnly?)null;
        return new ChairTerm(chair.GetProperty("org").GetString()!, Date(chair.GetProperty("from").GetString()!), until);
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
