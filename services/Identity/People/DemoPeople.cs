using Marketplace.Contracts;
using Marketplace.Identity.Account;
using Marketplace.Identity.Options;
using Marketplace.Identity.Organisations;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity.People;

/// <summary>The demo people of API.md, seeded only in Development or when <c>Identity:SeedDemoPeople</c> is on.</summary>
public sealed class DemoPeople(IOptions<PeopleOptions> options, IOptions<OrganisationsOptions> organisations, IHostEnvironment environment)
{
    public const string Password = "demo-password-2026";
    public const string TotpKey = "JBSWY3DPEHPK3PXP";
    public const string EmailDomain = "@demo.invalid";

    public sealed record Entry(string Email, string Name, string Org, string Role, bool OrgAdmin, bool Mfa);

    public bool Enabled { get; } = environment.IsDevelopment() || options.Value.SeedDemoPeople;

    public IReadOnlyList<Entry> All { get; } =
    [
        .. Codelists.Countries.Select(c => new Entry($"{c.Code.ToLowerInvariant()}{EmailDomain}", c.En, c.Code, PersonRoles.State, true, false)),
        .. Codelists.Donors.Select(d => new Entry($"{d.Code.ToLowerInvariant()}{EmailDomain}", d.En, d.Code, PersonRoles.Donor, true, false)),
        // A delegate of the demo chair term's member (Organisations:DemoChair).
        new($"chair{EmailDomain}", "Chair delegate", organisations.Value.DemoChair.Org, PersonRoles.Chair, false, true),
        new($"secretariat{EmailDomain}", "Secretariat", PersonRoles.SecretariatOrg, PersonRoles.Secretariat, true, true),
        new($"fund{EmailDomain}", "MIRPS Fund", PersonRoles.FundOrg, PersonRoles.FundManager, true, true),
    ];

    public string BannerHtml(AccountPage page)
    {
        var items = string.Concat(All.Select(p => $"<li><code>{AccountPage.Encode(p.Email)}</code> · {AccountPage.Encode(p.Role)}</li>"));
        return $"<section class=\"demo\" role=\"note\" aria-labelledby=\"demo-title\"><h2 id=\"demo-title\">{AccountPage.Encode(page.T("demo.title"))}</h2>"
            + $"<p>{AccountPage.Encode(page.T("demo.explain"))}</p><ul>{items}</ul></section>";
    }
}
