using System.Security.Cryptography;
using Marketplace.Identity.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Identity.Security;

/// <summary>
/// The RSA key that signs access tokens. It must survive restarts, or every token already handed out
/// stops validating in the other services, so an ephemeral key is never used.
/// </summary>
public sealed partial class SigningKeyProvider(
    IOptions<IdentityOptions> options,
    IOptions<StorageOptions> storage,
    IHostEnvironment environment,
    ILogger<SigningKeyProvider> logger)
{
    public const string GeneratedKeyFileName = "identity-signing-key.pem";
    private const int MinimumKeySizeBits = 2048;

    private readonly Lazy<RsaSecurityKey> _key = new(() => Load(options.Value, storage.Value, environment, logger));
    private readonly Lazy<RsaSecurityKey?> _previous = new(() => LoadPrevious(options.Value, environment));

    public RsaSecurityKey Key => _key.Value;

    /// <summary>The key being rotated out (<c>Identity:PreviousSigningKeyPath</c>), published beside <see cref="Key"/> during the overlap.</summary>
    public RsaSecurityKey? PreviousKey => _previous.Value;

    private static RsaSecurityKey? LoadPrevious(IdentityOptions identity, IHostEnvironment environment)
    {
        const string previousKey = $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.PreviousSigningKeyPath)}";
        if (string.IsNullOrWhiteSpace(identity.PreviousSigningKeyPath))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(environment.ContentRootPath, identity.PreviousSigningKeyPath));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{previousKey} points to '{path}', which does not exist.");
        }
        return Import(path, previousKey);
    }

    private static RsaSecurityKey Load(IdentityOptions identity, StorageOptions storage, IHostEnvironment environment, ILogger logger)
    {
        const string pathKey = $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.SigningKeyPath)}";
        const string allowKey = $"{IdentityOptions.SectionName}:{nameof(IdentityOptions.AllowGeneratedSigningKey)}";

        if (!string.IsNullOrWhiteSpace(identity.SigningKeyPath))
        {
            var path = Path.GetFullPath(Path.Combine(environment.ContentRootPath, identity.SigningKeyPath));
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{pathKey} points to '{path}', which does not exist.");
            }
            return Import(path, pathKey);
        }

        var generatedPath = Path.Combine(storage.ResolveDataDirectory(environment.ContentRootPath), GeneratedKeyFileName);
        if (!environment.IsDevelopment() && !identity.AllowGeneratedSigningKey)
        {
            throw new InvalidOperationException(
                $"No token signing key: set {pathKey} to an RSA private key PEM file, " +
                $"or set {allowKey}=true to generate one at '{generatedPath}' and reuse it on later starts.");
        }

        if (!File.Exists(generatedPath))
        {
            Generate(generatedPath);
            LogGenerated(logger, generatedPath);
        }
        return Import(generatedPath, allowKey);
    }

    private static RsaSecurityKey Import(string path, string configurationKey)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException ex)
        {
            rsa.Dispose();
            throw new InvalidOperationException(
                $"The signing key at '{path}' ({configurationKey}) is not an unencrypted RSA private key in PEM form.", ex);
        }

        if (rsa.KeySize < MinimumKeySizeBits)
        {
            rsa.Dispose();
            throw new InvalidOperationException(
                $"The signing key at '{path}' ({configurationKey}) has {rsa.KeySize} bits; at least {MinimumKeySizeBits} are required.");
        }

        // A key id derived from the public key (RFC 7638 thumbprint) is the same on every start and every replica.
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromRSASecurityKey(key).ComputeJwkThumbprint());
        return key;
    }

    private static void Generate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(MinimumKeySizeBits);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, fileOptions))
        {
            writer.Write(rsa.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            // Two instances starting together on one data directory must end up with the same key: the first move wins.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Generated a new token signing key at {Path}; it will be reused on later starts")]
    private static partial void LogGenerated(ILogger logger, string path);
}
