using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.TestSupport;

/// <summary>Signed access tokens for tests, shaped like the identity service's (role, org, sub, aud).</summary>
public static class TestTokens
{
    public const string Issuer = "https://identity.test/";
    public const string Audience = "marketplace-api";

    public static readonly RsaSecurityKey SigningKey = new(RSA.Create(2048)) { KeyId = "test-key" };

    public static string Create(string role, string org, string? subject = null, DateTime? expires = null,
        string issuer = Issuer, SecurityKey? key = null, string audience = Audience, string? name = null)
    {
        var claims = new List<Claim> { new("sub", subject ?? $"{role}-{org}".ToLowerInvariant()), new("role", role), new("org", org) };
        if (name is not null) claims.Add(new Claim("name", name));
        var now = DateTime.UtcNow;
        var notAfter = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = notAfter.AddHours(-2),
            NotBefore = notAfter.AddHours(-2),
            Expires = notAfter,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) that a naive validator would accept.</summary>
    public static string Unsigned(string role, string org)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return Part("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." +
               Part($"{{\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"sub\":\"x\",\"role\":\"{role}\",\"org\":\"{org}\",\"exp\":{exp}}}") + ".";
    }
}
