using System.Security.Claims;

namespace Marketplace.ServiceKit.Security;

/// <summary>
/// Who is calling, from the validated token: <see cref="Subject"/> (<c>sub</c>: a person's id or a machine
/// client's id), <see cref="Name"/> (<c>name</c>, or the client id for machine clients without one),
/// role and organisation.
/// </summary>
public sealed record Caller(string Subject, string Name, string Role, string Org)
{
    public static Caller From(ClaimsPrincipal user)
    {
        var subject = user.FindFirstValue("sub") ?? user.FindFirstValue("client_id") ?? "unknown";
        var name = user.FindFirstValue("name") is { Length: > 0 } n ? n : user.FindFirstValue("client_id") ?? subject;
        return new(subject, name, user.FindFirstValue("role") ?? "", user.FindFirstValue("org") ?? "");
    }

    /// <summary>The decider another service relayed over internal gRPC (it checked the token; a relay without a name names the subject).</summary>
    public static Caller Relayed(string subject, string name, string org) => new(subject, name.Length > 0 ? name : subject, "", org);

    public bool IsChairOrSecretariat => Role is Roles.Chair or Roles.Secretariat;
}
