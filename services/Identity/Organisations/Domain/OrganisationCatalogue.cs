using Marketplace.Contracts;

namespace Marketplace.Identity.Organisations.Domain;

/// <summary>
/// The organisations the marketplace knows from its codelists: the seven MIRPS states, the fourteen Support
/// Platform donors, the UNHCR–OAS secretariat and the MIRPS Fund. Their IATI identifiers here are
/// <b>illustrative</b> defaults (DAC-style references where one is well known); a deployment sets the real
/// ones in configuration (<c>Organisations:Iati:&lt;code&gt;</c>) or the secretariat sets them through the API.
/// </summary>
public static class OrganisationCatalogue
{
    public const string SecretariatCode = "UNHCR-OAS";
    public const string FundCode = Codelists.Fund;

    private const string Government = "10";
    private const string Multilateral = "40";

    private static readonly Dictionary<string, IatiIdentifier> DefaultIati = new(StringComparer.Ordinal)
    {
        ["BZ"] = new("XM-DAC-352", Government),
        ["CR"] = new("XM-DAC-336", Government),
        ["SV"] = new("XM-DAC-342", Government),
        ["GT"] = new("XM-DAC-347", Government),
        ["HN"] = new("XM-DAC-351", Government),
        ["MX"] = new("XM-DAC-358", Government),
        ["PA"] = new("XM-DAC-366", Government),
        ["AR"] = new("AR-GOV-MRECIC", Government),
        ["BR"] = new("BR-GOV-ABC", Government),
        ["CA"] = new("XM-DAC-301", Government),
        ["CO"] = new("CO-GOV-APC", Government),
        ["EU"] = new("XM-DAC-918", Multilateral),
        ["FR"] = new("XM-DAC-4", Government),
        ["ES"] = new("XM-DAC-50", Government),
        ["CH"] = new("XM-DAC-11", Government),
        ["UY"] = new("UY-GOV-AUCI", Government),
        ["US"] = new("XM-DAC-302", Government),
        ["IDB"] = new("XM-DAC-909", Multilateral),
        ["WBG"] = new("XM-DAC-905", Multilateral),
        ["CABEI"] = new("XM-DAC-953", Multilateral),
        ["ECLAC"] = new("XI-IATI-CEPAL", Multilateral),
        [SecretariatCode] = new("XM-DAC-41121", Multilateral),
        [FundCode] = new("XI-IATI-OAS-MIRPS", Multilateral),
    };

    public static IReadOnlyList<Organisation> All { get; } =
    [
        .. Codelists.Countries.Select(c => Create(c, OrganisationKinds.State)),
        .. Codelists.Donors.Select(d => Create(d, OrganisationKinds.Donor)),
        Create(new CodeEntry(SecretariatCode, "Secretaría Técnica ACNUR–OEA", "UNHCR–OAS Technical Secretariat"), OrganisationKinds.Secretariat),
        Create(new CodeEntry(FundCode, "Fondo MIRPS (administrado por la OEA)", "MIRPS Fund (administered by the OAS)"), OrganisationKinds.Fund),
    ];

    public static bool Contains(string code) => DefaultIati.ContainsKey(code);

    private static Organisation Create(CodeEntry entry, string kind) => new(entry.Code, kind, entry.Es, entry.En, DefaultIati[entry.Code]);
}
