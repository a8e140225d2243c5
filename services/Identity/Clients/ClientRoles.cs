namespace Marketplace.Identity.Clients;

/// <summary>The roles of the public API and the organisations each may act for (API.md, "Identity").</summary>
public static class ClientRoles
{
    public const string State = "state";
    public const string Donor = "donor";
    public const string Chair = "chair";
    public const string Secretariat = "secretariat";

    public static readonly IReadOnlyList<string> MirpsCountries = ["BZ", "CR", "SV", "GT", "HN", "MX", "PA"];

    public static readonly IReadOnlyList<string> Donors =
        ["AR", "BR", "CA", "CO", "EU", "FR", "ES", "CH", "UY", "US", "IDB", "WBG", "CABEI", "ECLAC"];

    public const string SecretariatOrg = "UNHCR-OAS";

    private static readonly Dictionary<string, IReadOnlyList<string>> OrgsByRole = new(StringComparer.Ordinal)
    {
        [State] = MirpsCountries,
        [Donor] = Donors,
        // The chair rotates among the MIRPS countries (pro tempore), so any of them is a valid chair.
        [Chair] = MirpsCountries,
        [Secretariat] = [SecretariatOrg],
    };

    /// <returns>null when the combination is allowed, otherwise why it is not.</returns>
    public static string? Validate(string role, string org)
    {
        if (!OrgsByRole.TryGetValue(role, out var orgs))
        {
            return $"role '{role}' is not one of {string.Join(", ", OrgsByRole.Keys)}.";
        }
        return orgs.Contains(org, StringComparer.Ordinal)
            ? null
            : $"org '{org}' is not valid for role '{role}'; expected one of {string.Join(", ", orgs)}.";
    }
}
