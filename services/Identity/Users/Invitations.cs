using System.Security.Cryptography;
using System.Text;
using Marketplace.Identity.Options;
using Marketplace.Identity.People;
using Marketplace.Identity.Persistence;
using Marketplace.ServiceKit.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity.Users;

/// <summary>
/// One-time links where a person sets a password. Only the link's SHA-256 is stored, so a copy of the
/// database cannot be turned into working links.
/// </summary>
public sealed class Invitations(IPersonStore store, ILookupNormalizer normalizer, IOptions<PeopleOptions> options, TimeProvider clock)
{
    public const int MinimumPasswordLength = 12;

    public sealed record Issued(Person Person, string Url, DateTimeOffset ExpiresAt);

    /// <summary>A new person holding a fresh invitation; null when the email is taken.</summary>
    public async Task<Issued?> InviteAsync(string email, string name, string org, string role, bool orgAdmin, string language, CancellationToken cancellationToken)
    {
        var person = new Person
        {
            Id = Ids.New("person"),
            Email = email,
            NormalizedEmail = normalizer.NormalizeEmail(email) ?? email,
            Name = name,
            Org = org,
            Role = role,
            OrgAdmin = orgAdmin,
            Language = language,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = clock.GetUtcNow(),
        };
        var (url, expiresAt) = Attach(person);
        return await store.CreateAsync(person, cancellationToken) ? new Issued(person, url, expiresAt) : null;
    }

    /// <summary>A new link for a person who never set a password (the bootstrap administrator after a restart).</summary>
    public async Task<Issued?> ReissueAsync(Person person, CancellationToken cancellationToken)
    {
        var expected = person.ConcurrencyStamp;
        var (url, expiresAt) = Attach(person);
        person.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        return await store.UpdateAsync(person, expected, cancellationToken) ? new Issued(person, url, expiresAt) : null;
    }

    public async Task<Person?> FindPendingAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var person = await store.FindByInvitationAsync(Hash(token), cancellationToken);
        return person is { Active: true, PasswordHash: null } && person.InvitationExpiresAt > clock.GetUtcNow() ? person : null;
    }

    private (string Url, DateTimeOffset ExpiresAt) Attach(Person person)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        person.InvitationHash = Hash(token);
        person.InvitationExpiresAt = clock.GetUtcNow() + options.Value.InvitationLifetime;
        var url = new Uri(options.Value.PublicOrigin, $"/account/invitation?token={token}").ToString();
        return (url, person.InvitationExpiresAt.Value);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
