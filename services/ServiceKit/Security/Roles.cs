namespace Marketplace.ServiceKit.Security;

/// <summary>The <c>role</c> claim values of API.md.</summary>
public static class Roles
{
    public const string State = "state";
    public const string Donor = "donor";
    public const string Chair = "chair";
    public const string Secretariat = "secretariat";

    /// <summary>The MIRPS Fund's manager (org <c>MIRPS-FUND</c>): the donor of the Fund's pledges and flows.</summary>
    public const string FundManager = "fund-manager";

    /// <summary>Internal service clients (service-to-service gRPC); never given to a person.</summary>
    public const string Service = "service";
}
