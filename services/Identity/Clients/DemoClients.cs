using Marketplace.Identity.Options;

namespace Marketplace.Identity.Clients;

/// <summary>The demo clients of API.md: one per member state and donor, plus the chair (the demo chair term's member, Spain), the secretariat and the fund manager.</summary>
public static class DemoClients
{
    public const string Secret = "dev-secret";

    public static IReadOnlyList<ClientOptions> All { get; } =
    [
        .. ClientRoles.MirpsCountries.Select(c => Create($"state-{c.ToLowerInvariant()}", ClientRoles.State, c)),
        .. ClientRoles.Donors.Select(d => Create($"donor-{d.ToLowerInvariant()}", ClientRoles.Donor, d)),
        Create("chair", ClientRoles.Chair, "ES"),
        Create("secretariat", ClientRoles.Secretariat, ClientRoles.SecretariatOrg),
        Create("fund-manager", ClientRoles.FundManager, ClientRoles.FundOrg),
    ];

    private static ClientOptions Create(string clientId, string role, string org) =>
        new() { ClientId = clientId, Secret = Secret, Role = role, Org = org };
}
