using System.Security.Claims;

namespace Marketplace.ServiceKit.Security;

/// <summary>Who is calling: the client id, role and organisation taken from the validated token.</summary>
public sealed record Caller(string Subject, string Role, string Org)
{
    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue("sub") ?? user.FindFirstValue("client_id") ?? "unknown",
        user.FindFirstValue("role") ?? "",
        user.FindFirstValue("org") ?? "");

    public bool IsChairOrSecretariat => Role is Roles.Chair or Roles.Secretariat;

    /// <summary>The chair may not decide matches whose need belongs to the chair's own country.</summary>
    public bool IsRecusedFrom(string needCountry) => Role == Roles.Chair && Org == needCountry;
}
