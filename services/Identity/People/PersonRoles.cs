using Marketplace.Identity.Organisations.Domain;
using Marketplace.Contracts;

namespace Marketplace.Identity.People;

/// <summary>
/// A person's role follows the kind of their organisation (API.md, "People sign in"): state → state,
/// donor → donor, secretariat → secretariat, fund → fund-manager, or chair for the chair's delegates.
/// The kinds come from the contracts' codelists until the organisations registry answers them.
/// </summary>
public static class PersonRoles
{
    public const string State = "state";
    public const string Donor = "donor";
    public const string Chair = "chair";
    public const string Secretariat = "secretariat";
    public const string FundManager = "fund-manager";

    public const string SecretariatOrg = "UNHCR-OAS";
    public const string FundOrg = Codelists.Fund;

    /// <returns>The organisation's kind (<c>state</c>, <c>donor</c>, <c>secretariat</c>, <c>fund</c>), or null for an unknown code.</returns>
    public static string? KindOf(string? org) => OrganisationCatalogue.All.FirstOrDefault(o => o.Code == org)?.Kind;

    /// <returns>The role a person of <paramref name="org"/> holds, or null when the organisation is unknown.</returns>
    public static string? RoleFor(string? org, bool chairDelegate) => (KindOf(org), chairDelegate) switch
    {
        (null, _) => null,
        (_, true) => Chair,
        ("state", _) => State,
        ("donor", _) => Donor,
        ("secretariat", _) => Secretariat,
        _ => FundManager,
    };

    /// <summary>Every organisation code a person may belong to, for error messages.</summary>
    public static string AllOrgs =>
        string.Join(", ", Codelists.Countries.Select(c => c.Code).Concat(Codelists.Donors.Select(d => d.Code)).Append(SecretariatOrg).Append(FundOrg));
}
