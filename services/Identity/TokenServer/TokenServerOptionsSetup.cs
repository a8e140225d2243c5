using System.Security.Cryptography;
using Marketplace.Identity.Options;
using Marketplace.Identity.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Marketplace.Identity.TokenServer;

/// <summary>
/// Applies the validated <see cref="IdentityOptions"/> and the persisted key to OpenIddict. Done as options
/// setup rather than inside <c>AddServer</c> so nothing is read from configuration before the host is built.
/// </summary>
public sealed class TokenServerOptionsSetup(IOptions<IdentityOptions> identity, SigningKeyProvider signingKeys)
    : IConfigureOptions<OpenIddictServerOptions>
{
    private static readonly byte[] EncryptionKeyLabel = "marketplace-identity/token-encryption"u8.ToArray();

    public void Configure(OpenIddictServerOptions options)
    {
        options.Issuer = identity.Value.Issuer;
        options.AccessTokenLifetime = identity.Value.AccessTokenLifetime;

        // Clients authenticate with their secret only (form post or Basic); advertising assertions that the
        // validator would reject only misleads clients reading the discovery document.
        options.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.PrivateKeyJwt);
        options.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.ClientSecretJwt);
        options.ClientAssertionTypes.Clear();

        // The current key signs; during a rotation the previous one is listed after it, so OpenIddict publishes
        // both in the JWKS (tokens it signed keep validating until they expire) but signs with the first only.
        foreach (var key in new[] { signingKeys.Key, signingKeys.PreviousKey }.OfType<RsaSecurityKey>())
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
            // Refresh tokens and codes are encrypted with a key derived from the signing key, which keeps it
            // stable across restarts with no second key to manage (the HKDF label separates the two uses);
            // the previous key's one still decrypts what it protected before the rotation.
            var privateExponent = key.Rsa.ExportParameters(includePrivateParameters: true).D!;
            var encryptionKey = new SymmetricSecurityKey(
                HKDF.DeriveKey(HashAlgorithmName.SHA256, privateExponent, outputLength: 32, info: EncryptionKeyLabel));
            options.EncryptionCredentials.Add(new EncryptingCredentials(
                encryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }
}
