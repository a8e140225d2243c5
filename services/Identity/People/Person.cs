namespace Marketplace.Identity.People;

/// <summary>
/// A person who signs in. Mutable because <c>UserManager</c> changes the user object and then asks the
/// store to save it; the store keeps <see cref="ConcurrencyStamp"/> as its optimistic-concurrency check.
/// </summary>
public sealed class Person
{
    public string Id { get; set; } = "";
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string Name { get; set; } = "";
    public string Org { get; set; } = "";
    public string Role { get; set; } = "";
    public bool OrgAdmin { get; set; }

    /// <summary>The language the marketplace writes to this person in (e-mail notifications): <c>es</c> or <c>en</c>.</summary>
    public string Language { get; set; } = PersonLanguages.Default;
    public bool Active { get; set; } = true;

    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = "";
    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>Base32 TOTP key (RFC 6238); null until the person enrols an authenticator.</summary>
    public string? AuthenticatorKey { get; set; }

    /// <summary>Whether the TOTP step is on: the person's <c>mfa</c> field.</summary>
    public bool TwoFactorEnabled { get; set; }

    public int AccessFailedCount { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }

    /// <summary>SHA-256 of the one-time invitation (or setup) link's secret; null once used.</summary>
    public string? InvitationHash { get; set; }
    public DateTimeOffset? InvitationExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Roles that must have a second factor (API.md: chair, secretariat, fund-manager).</summary>
    public bool MfaRequired => Role is PersonRoles.Chair or PersonRoles.Secretariat or PersonRoles.FundManager;
}
