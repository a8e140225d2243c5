using System.Globalization;
using System.Text.Json;
using Marketplace.Matching.Options;
using Marketplace.ServiceKit.Identity;
using Marketplace.ServiceKit.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Chair;

/// <summary>
/// Reads the term from the identity service's <c>GET /api/v1/chair</c> with this service's own token, and
/// keeps it for <c>Matching:ChairTermCacheSeconds</c> (default 10): a decision compares the caller with the term
/// at the time of the decision, and a change of term reaches matching within that window
/// (<see cref="IdentityResource{T}"/>). A failed read is not cached, and a chair's decision is refused while it fails.
/// </summary>
public sealed class IdentityChairTermSource(
    IHttpClientFactory httpFactory, ServiceTokenProvider tokens, IOptions<MatchingOptions> options, TimeProvider clock) : IChairTermSource
{
    public const string HttpClientName = "identity-chair";

    private readonly IdentityResource<ChairTerm?> _term = new(httpFactory, HttpClientName, tokens, clock,
        new Uri(new Uri(options.Value.IdentityUrl), "api/v1/chair"), TimeSpan.FromSeconds(options.Value.ChairTermCacheSeconds), Parse);

    public async Task<ChairTerm?> GetAsync(CancellationToken ct)
    {
        try
        {
            return await _term.GetAsync(ct);
        }
        catch (IdentityUnavailableException ex)
        {
            throw new ChairTermUnavailableException($"the chair term could not be read ({ex.Message})", ex);
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
