using System.Collections.Concurrent;
using System.Text.Json;
using Marketplace.Notifications.Options;
using Marketplace.ServiceKit.Identity;
using Marketplace.ServiceKit.Security;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.People;

/// <summary>
/// People and the chair term read from the identity service with this service's own token
/// (<see cref="IdentityResource{T}"/>), each kept for <c>Notifications:PeopleCacheSeconds</c>. An
/// organisation's people are read as one page of at most 200 (the API's maximum page).
/// </summary>
public sealed class IdentityPeopleDirectory(
    IHttpClientFactory httpFactory, ServiceTokenProvider tokens, IOptions<NotificationsOptions> options, TimeProvider clock) : IPeopleDirectory
{
    public const string HttpClientName = "identity-people";

    private readonly ConcurrentDictionary<string, IdentityResource<IReadOnlyList<Recipient>>> _people = new(StringComparer.Ordinal);

    private readonly IdentityResource<string?> _chair = new(httpFactory, HttpClientName, tokens, clock,
        new Uri(new Uri(options.Value.IdentityUrl), "api/v1/chair"), TimeSpan.FromSeconds(options.Value.PeopleCacheSeconds), ParseChair);

    public Task<IReadOnlyList<Recipient>> PeopleOfAsync(string org, CancellationToken ct) =>
        _people.GetOrAdd(org, code => new IdentityResource<IReadOnlyList<Recipient>>(httpFactory, HttpClientName, tokens, clock,
            new Uri(new Uri(options.Value.IdentityUrl), $"api/v1/users?org={Uri.EscapeDataString(code)}&pageSize=200"),
            TimeSpan.FromSeconds(options.Value.PeopleCacheSeconds), ParsePeople)).GetAsync(ct);

    public Task<string?> ChairOrgAsync(CancellationToken ct) => _chair.GetAsync(ct);

    public static IReadOnlyList<Recipient> ParsePeople(JsonElement body) =>
    [
        .. body.GetProperty("items").EnumerateArray()
            .Where(p => p.GetProperty("active").GetBoolean() && !p.GetProperty("invited").GetBoolean())
            .Select(p => new Recipient(p.GetProperty("id").GetString()!, p.GetProperty("email").GetString()!, p.GetProperty("name").GetString()!,
                p.GetProperty("org").GetString()!, p.GetProperty("role").GetString()!, p.GetProperty("orgAdmin").GetBoolean(),
                p.TryGetProperty("language", out var language) && language.GetString() == "es" ? "es" : "en")),
    ];

    public static string? ParseChair(JsonElement body) =>
        body.GetProperty("active").GetBoolean() ? body.GetProperty("org").GetString() : null;
}
