using Marketplace.Identity.People;

namespace Marketplace.Identity.Users;

/// <summary>A person as the API shows them (API.md, "People sign in"); <c>invited</c> until a password is set.</summary>
public sealed record PersonResponse(string Id, string Email, string Name, string Org, string Role, bool OrgAdmin, bool Mfa, bool Active, bool Invited, string Language)
{
    public static PersonResponse From(Person p) => new(p.Id, p.Email, p.Name, p.Org, p.Role, p.OrgAdmin, p.TwoFactorEnabled, p.Active, p.PasswordHash is null, p.Language);
}
