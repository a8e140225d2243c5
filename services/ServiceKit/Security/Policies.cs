namespace Marketplace.ServiceKit.Security;

/// <summary>Authorization policy names; every endpoint and gateway route names one of these explicitly.</summary>
public static class Policies
{
    /// <summary>Any valid token: reading the marketplace.</summary>
    public const string Authenticated = "authenticated";

    /// <summary>Member states: publishing and editing needs.</summary>
    public const string State = "state";

    /// <summary>Donors and financial institutions: posting and editing pledges.</summary>
    public const string Donor = "donor";

    /// <summary>Whoever posts pledges: donors, and the fund manager for the MIRPS Fund's pledges.</summary>
    public const string Pledger = "pledger";

    /// <summary>Chair and secretariat: running matching and deciding matches.</summary>
    public const string MatchingOperator = "matching-operator";

    /// <summary>
    /// Who may ask to decide a match: chair, secretariat and fund manager. Which of them may decide which
    /// match (the chair's term and recusals, the Fund's proposals) is checked against the match itself.
    /// </summary>
    public const string Decider = "decider";

    /// <summary>Secretariat only: managing FX rates.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Internal gRPC APIs: other marketplace services only.</summary>
    public const string InternalService = "internal-service";
}
