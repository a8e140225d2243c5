using System.Collections.Concurrent;
using System.Security.Claims;

namespace Marketplace.ServiceKit.Security;

/// <summary>
/// The bearer tokens this process has fully validated (signature, issuer, audience, lifetime, type), keyed by the exact
/// token string, so that a client's next calls with the same token skip the signature check and the parsing: a web
/// session sends one token for its whole lifetime. An entry lasts until the token expires (the clock skew the
/// validation allows is not granted here) and at most <see cref="MaxAge"/>, so a signing key withdrawn from the
/// issuer stops being honoured within that time as well as at the next key refresh. Any other string — a single
/// changed character, another signature — is a miss and is validated in full. Each hit gets a new principal built
/// from the validated claims, so nothing a request does to its user reaches another request.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>Bound on the entries held; when it is reached, expired entries go first, then everything.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(Claim[] Claims, string? AuthenticationType, string NameType, string RoleType, DateTimeOffset Expires);

    public int Count => _entries.Count;

    /// <summary>A new principal for a token validated before and not yet expired.</summary>
    public bool TryGet(string token, out ClaimsPrincipal principal)
    {
        principal = null!;
        if (!_entries.TryGetValue(token, out var entry)) return false;
        if (entry.Expires <= clock.GetUtcNow())
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(token, entry));
            return false;
        }

        principal = new ClaimsPrincipal(new ClaimsIdentity(entry.Claims, entry.AuthenticationType, entry.NameType, entry.RoleType));
        return true;
    }

    /// <summary>Remembers a token the JWT handler has just validated; <paramref name="validTo"/> is its expiry (UTC).</summary>
    public void Add(string token, ClaimsPrincipal principal, DateTime validTo)
    {
        if (principal.Identity is not ClaimsIdentity identity) return;
        var now = clock.GetUtcNow();
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        var expires = expiresAt < now + MaxAge ? expiresAt : now + MaxAge;
        if (expires <= now) return;
        if (_entries.Count >= Capacity) Trim(now);
        _entries[token] = new Entry([.. identity.Claims.Select(c => c.Clone(null))], identity.AuthenticationType, identity.NameClaimType,
            identity.RoleClaimType, expires);
    }

    private void Trim(DateTimeOffset now)
    {
        foreach (var (token, entry) in _entries)
        {
            if (entry.Expires <= now) _entries.TryRemove(new KeyValuePair<string, Entry>(token, entry));
        }

        if (_entries.Count >= Capacity) _entries.Clear();
    }
}
