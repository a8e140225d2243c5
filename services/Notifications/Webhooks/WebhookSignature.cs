using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Notifications.Webhooks;

/// <summary>
/// The signature of a delivery (as Stripe's): header <c>Marketplace-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>
/// where the hex is HMAC-SHA256, keyed with the webhook's secret, of <c>"{t}.{body}"</c> (the body's exact
/// UTF-8 bytes). A receiver recomputes it, compares in constant time, and refuses a timestamp older than its
/// tolerance (five minutes is the documented default), which stops replays of a captured delivery.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Marketplace-Signature";
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Compute(secret, t, body)}";
    }

    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header)) return false;
        string? t = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            if (kv[0].Trim() == "t") t = kv[1].Trim();
            else if (kv[0].Trim() == "v1") signatures.Add(kv[1].Trim());
        }
        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, t, body));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    private static string Compute(string secret, string t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
}
