using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Notifications.Options;
using Microsoft.Extensions.Options;

namespace Marketplace.Notifications.Unsubscribe;

/// <summary>
/// Signed unsubscribe links: <c>base64url(personId "\n" org "\n" scope) "." base64url(HMAC-SHA256)</c> under
/// <c>Notifications:UnsubscribeKey</c>. The scope is a notification kind, or <c>digest</c> (every kind on
/// the digest). The link names a person without a sign-in, so it grants exactly one thing: turning that
/// person's e-mail of that scope off.
/// </summary>
public sealed class UnsubscribeTokens(IOptions<NotificationsOptions> options)
{
    public const string DigestScope = "digest";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.UnsubscribeKey);

    public sealed record Claim(string PersonId, string Org, string Scope);

    public string Create(string personId, string org, string scope)
    {
        var payload = Encoding.UTF8.GetBytes($"{personId}\n{org}\n{scope}");
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload))}";
    }

    public Claim? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024) return null;
        var dot = token.IndexOf('.');
        if (dot <= 0) return null;
        try
        {
            var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            var signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload))) return null;
            var parts = Encoding.UTF8.GetString(payload).Split('\n');
            return parts.Length == 3 ? new Claim(parts[0], parts[1], parts[2]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
