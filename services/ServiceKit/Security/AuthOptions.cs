using System.ComponentModel.DataAnnotations;

namespace Marketplace.ServiceKit.Security;

/// <summary>
/// Token validation settings. <see cref="Authority"/> is any OpenID Connect issuer (ours, Keycloak,
/// Entra ID): keys come from its discovery document, so swapping the identity provider is configuration only.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    [Required, Url]
    public string Authority { get; set; } = "http://localhost:5100/";

    [Required]
    public string Audience { get; set; } = "marketplace-api";

    /// <summary>Only for local HTTP issuers; production authorities are HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; }
}
