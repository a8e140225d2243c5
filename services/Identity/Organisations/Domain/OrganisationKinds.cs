namespace Marketplace.Identity.Organisations.Domain;

/// <summary>The <c>kind</c> of an organisation (API.md "Organisations and the chair"); a person's role follows it.</summary>
public static class OrganisationKinds
{
    public const string State = "state";
    public const string Donor = "donor";
    public const string Secretariat = "secretariat";
    public const string Fund = "fund";
}
