using System.ComponentModel.DataAnnotations;

namespace Marketplace.Identity.Options;

/// <summary>
/// How people sign in: the web app's registration, token lifetimes, the bootstrap administrator and demo
/// people. Bound to the same <c>Identity</c> section as <see cref="IdentityOptions"/> (machine clients).
/// </summary>
public sealed class PeopleOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    /// <summary>The public client of the web app (authorization code + PKCE, no secret).</summary>
    public const string WebClientId = "marketplace-web";

    /// <summary>Exact redirect URIs of the web app: the gateway's origin + <c>/signin-callback</c>.</summary>
    public List<string> WebRedirectUris { get; set; } = [];

    /// <summary>Where end-session may send the browser back to (the web app's origin).</summary>
    public List<string> WebPostLogoutRedirectUris { get; set; } = [];

    /// <summary>The origin people reach the platform at (the gateway); invitation links start with it.</summary>
    [Required]
    public Uri PublicOrigin { get; set; } = new("http://localhost:8080/");

    [Range(typeof(TimeSpan), "00:01:00", "00:15:00", ErrorMessage = "Identity:PersonAccessTokenLifetime must be 1 to 15 minutes.")]
    public TimeSpan PersonAccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00", ErrorMessage = "Identity:RefreshTokenLifetime must be 5 minutes to 30 days.")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    [Range(typeof(TimeSpan), "00:00:00", "00:00:05", ErrorMessage = "Identity:RefreshTokenReuseLeeway must be 0 to 5 seconds.")]
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "01:00:00", "7.00:00:00", ErrorMessage = "Identity:InvitationLifetime must be 1 hour to 7 days.")]
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Seed the demo people of API.md (always on in Development).</summary>
    public bool SeedDemoPeople { get; set; }

    public BootstrapOptions Bootstrap { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WebRedirectUris.Count == 0)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(WebRedirectUris)} needs at least one URI: the gateway's origin + /signin-callback.", [nameof(WebRedirectUris)]);
        }
        foreach (var (name, uris) in new[] { (nameof(WebRedirectUris), WebRedirectUris), (nameof(WebPostLogoutRedirectUris), WebPostLogoutRedirectUris) })
        {
            for (var i = 0; i < uris.Count; i++)
            {
                if (!Uri.TryCreate(uris[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Fragment.Length > 0)
                {
                    yield return new ValidationResult($"{SectionName}:{name}:{i} must be an absolute http(s) URI without a fragment.", [name]);
                }
            }
        }
        if (!PublicOrigin.IsAbsoluteUri)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(PublicOrigin)} must be an absolute URI.", [nameof(PublicOrigin)]);
        }
        if (!string.IsNullOrEmpty(Bootstrap.Email) && !System.Net.Mail.MailAddress.TryCreate(Bootstrap.Email, out _))
        {
            yield return new ValidationResult($"{SectionName}:Bootstrap:Email is not an email address.", ["Bootstrap"]);
        }
    }
}
