using System.ComponentModel.DataAnnotations;
using Marketplace.Identity.Clients;

namespace Marketplace.Identity.Options;

public sealed class IdentityOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    /// <summary>Other services validate tokens with Authority = this value, so it must match what they are configured with.</summary>
    [Required]
    public Uri Issuer { get; set; } = new("http://localhost:5100/");

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>PEM file holding the RSA private key that signs access tokens.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>
    /// PEM file of the key being rotated out: still published in the JWKS (so tokens it signed keep validating
    /// until they expire) and still able to decrypt refresh tokens it protected, but never used to sign.
    /// </summary>
    public string? PreviousSigningKeyPath { get; set; }

    public bool AllowGeneratedSigningKey { get; set; }

    public bool SeedDemoClients { get; set; }

    public List<ClientOptions> Clients { get; set; } = [];

    // ValidateDataAnnotations does not descend into collections, so each client is validated here with the
    // configuration key in the message: a bad entry must stop the service at start, saying which one.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Issuer.IsAbsoluteUri)
        {
            yield return new ValidationResult($"{SectionName}:{nameof(Issuer)} must be an absolute URI.", [nameof(Issuer)]);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Clients.Count; i++)
        {
            var key = $"{SectionName}:{nameof(Clients)}:{i}";
            var client = Clients[i];
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(client, new ValidationContext(client), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult(
                        $"{key}:{string.Join(",", result.MemberNames)} ({client.ClientId}): {result.ErrorMessage}", [nameof(Clients)]);
                }
                continue;
            }

            if (ClientRoles.Validate(client.Role, client.Org) is { } error)
            {
                yield return new ValidationResult($"{key} ({client.ClientId}): {error}", [nameof(Clients)]);
            }

            if (!seen.Add(client.ClientId))
            {
                yield return new ValidationResult($"{key}: client id '{client.ClientId}' is configured twice.", [nameof(Clients)]);
            }
        }
    }
}
