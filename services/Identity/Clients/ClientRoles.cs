using Marketplace.Contracts;

namespace Marketplace.Identity.Clients;

/// <summary>The roles of the public API and the organisations each may act for (API.md, "Identity").</summary>
public static class ClientRoles
{
    public const string State = "state";
    public const string Donor = "donor";
    public const string Chair = "chair";
    public const string Secretariat = "secretariat";
    public const string FundManager = "fund-manager";

    /// <summary>
    /// Internal service clients (e.g. matching calling the needs and pledges gRPC APIs). Their org is the
    /// calling service's name. Never one of the API's person-facing roles, so no public endpoint accepts it.
    /// </summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> MirpsCountries = ["BZ", "CR", "SV", "GT", "HN", "MX", "PA"];

    public static readonly IReadOnlyList<string> Donors =
        ["AR", "BR", "CA", "CO", "EU", "FR", "ES", "CH", "UY", "US", "IDB", "WBG", "CABEI", "ECLAC"];

    public const string SecretariatOrg = "UNHCR-OAS";
    public const string FundOrg = Codelists.Fund;

    private static readonly Dictionary<string, IReadOnlyList<string>> OrgsByRole = new(StringComparer.Ordinal)
    {
        [State] = MirpsCountries,
        [Donor] = Donors,
        // The Support Platform chair is a donor member chosen for a term (not the MIRPS pro tempore chair);
        // whether a chair client may decide is checked against the term at decision time.
        [Chair] = Donors,
        [Secretariat] = [SecretariatOrg],
        [FundManager] = [FundOrg],
    };

    /// <returns>null when the combination is allowed, otherwise why it is not.</returns>
    public static string? Validate(string role, string org)
    {
        if (role == Service)
        {
            return System.Text.RegularExpressions.Regex.IsMatch(org, "^[a-z][a-z0-9-]{1,40}$")
                ? null
                : $"org '{org}' is not valid for role '{role}'; expected the calling service's name, e.g. 'matching'.";
        }
        if (!OrgsByRole.TryGetValue(role, out var orgs))
        {
            return $"role '{role}' is not one of {string.Join(", ", OrgsByRole.Keys)}, {Service}.";
        }
        return orgs.Contains(org, StringComparer.Ordinal)
            ? null
            : $"org '{org}' is not valid for role '{role}'; expected one of {string.Join(", ", orgs)}.";
    }
}
