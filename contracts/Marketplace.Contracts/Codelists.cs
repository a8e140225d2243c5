namespace Marketplace.Contracts;

/// <summary>
/// The platform's codelists (API.md "Codelists"). Every service validates against these, and
/// <c>GET /api/v1/reference</c> serves them, so there is exactly one definition of each list.
/// </summary>
public static class Codelists
{
    /// <summary>MIRPS member states (ISO 3166 alpha-2).</summary>
    public static readonly IReadOnlyList<CodeEntry> Countries =
    [
        new("BZ", "Belice", "Belize"),
        new("CR", "Costa Rica", "Costa Rica"),
        new("SV", "El Salvador", "El Salvador"),
        new("GT", "Guatemala", "Guatemala"),
        new("HN", "Honduras", "Honduras"),
        new("MX", "México", "Mexico"),
        new("PA", "Panamá", "Panama"),
    ];

    /// <summary>The MIRPS Fund's organisation: the donor of every Fund pledge (posted by the <c>fund-manager</c> role).</summary>
    public const string Fund = "MIRPS-FUND";

    /// <summary>Support Platform members that may post pledges (the <c>donor</c> role's organisations).</summary>
    public static readonly IReadOnlyList<CodeEntry> Donors =
    [
        new("AR", "Argentina", "Argentina"),
        new("BR", "Brasil", "Brazil"),
        new("CA", "Canadá", "Canada"),
        new("CO", "Colombia", "Colombia"),
        new("EU", "Unión Europea", "European Union"),
        new("FR", "Francia", "France"),
        new("ES", "España", "Spain"),
        new("CH", "Suiza", "Switzerland"),
        new("UY", "Uruguay", "Uruguay"),
        new("US", "Estados Unidos", "United States"),
        new("IDB", "Banco Interamericano de Desarrollo", "Inter-American Development Bank"),
        new("WBG", "Grupo Banco Mundial", "World Bank Group"),
        new("CABEI", "Banco Centroamericano de Integración Económica", "Central American Bank for Economic Integration"),
        new("ECLAC", "Comisión Económica para América Latina y el Caribe", "Economic Commission for Latin America and the Caribbean"),
    ];

    /// <summary>Sectors with their OECD DAC CRS purpose codes.</summary>
    public static readonly IReadOnlyList<SectorEntry> Sectors =
    [
        new("asylum-systems", "Sistemas de asilo", "Asylum systems", "15190", "Facilitation of orderly, safe, regular and responsible migration and mobility"),
        new("protection", "Protección", "Protection", "15160", "Human rights"),
        new("reception-shelter", "Recepción y albergue", "Reception and shelter", "72010", "Material relief assistance and services"),
        new("education", "Educación", "Education", "11110", "Education policy and administrative management"),
        new("health", "Salud", "Health", "12220", "Basic health care"),
        new("social-protection", "Protección social", "Social protection", "16010", "Social protection"),
        new("employment-livelihoods", "Empleo y medios de vida", "Employment and livelihoods", "16020", "Employment creation"),
        new("local-governance", "Gobernanza local", "Local governance", "15112", "Decentralisation and support to subnational government"),
        new("statistical-inclusion", "Inclusión estadística", "Statistical inclusion", "16062", "Statistical capacity building"),
    ];

    /// <summary>
    /// Funding instruments with their IATI finance type and aid type (vocabulary 1, OECD DAC): a need is a
    /// costed project, so money and goods for it are C01 project-type interventions, and technical
    /// assistance is D02. Never H02, which means refugees in donor countries.
    /// </summary>
    public static readonly IReadOnlyList<InstrumentEntry> Instruments =
    [
        new("grant", "Donación", "Grant", "110", "C01"),
        new("concessional-loan", "Préstamo concesional", "Concessional loan", "421", "C01"),
        new("technical-assistance", "Asistencia técnica", "Technical assistance", "110", "D02"),
        new("in-kind", "Contribución en especie", "In-kind contribution", "110", "C01"),
    ];

    /// <summary>Need priorities, most urgent first.</summary>
    public static readonly IReadOnlyList<CodeEntry> Priorities =
    [
        new("critical", "Crítica", "Critical"),
        new("high", "Alta", "High"),
        new("medium", "Media", "Medium"),
        new("low", "Baja", "Low"),
    ];

    /// <summary>Need statuses.</summary>
    public static readonly IReadOnlyList<CodeEntry> NeedStatuses =
    [
        new("open", "Abierta", "Open"),
        new("partially-funded", "Parcialmente financiada", "Partially funded"),
        new("funded", "Financiada", "Funded"),
        new("withdrawn", "Retirada", "Withdrawn"),
    ];

    /// <summary>Pledge statuses.</summary>
    public static readonly IReadOnlyList<CodeEntry> PledgeStatuses =
    [
        new("open", "Abierta", "Open"),
        new("partially-allocated", "Parcialmente asignada", "Partially allocated"),
        new("fully-allocated", "Totalmente asignada", "Fully allocated"),
        new("withdrawn", "Retirada", "Withdrawn"),
    ];

    /// <summary>Match statuses.</summary>
    public static readonly IReadOnlyList<CodeEntry> MatchStatuses =
    [
        new("proposed", "Propuesta", "Proposed"),
        new("approved", "Aprobada", "Approved"),
        new("rejected", "Rechazada", "Rejected"),
        new("superseded", "Reemplazada", "Superseded"),
    ];

    /// <summary>True when <paramref name="code"/> is a MIRPS country.</summary>
    public static bool IsCountry(string? code) => Contains(Countries, code);

    /// <summary>True when <paramref name="code"/> is a donor organisation.</summary>
    public static bool IsDonor(string? code) => Contains(Donors, code);

    /// <summary>An organisation whose pledges the platform holds: a donor, or the MIRPS Fund.</summary>
    public static bool IsPledger(string? code) => IsDonor(code) || code == Fund;

    /// <summary>True when <paramref name="code"/> is a sector.</summary>
    public static bool IsSector(string? code) => Sectors.Any(s => s.Code == code);

    /// <summary>True when <paramref name="code"/> is an instrument.</summary>
    public static bool IsInstrument(string? code) => Instruments.Any(i => i.Code == code);

    /// <summary>True when <paramref name="code"/> is a priority.</summary>
    public static bool IsPriority(string? code) => Contains(Priorities, code);

    private static bool Contains(IReadOnlyList<CodeEntry> list, string? code) => list.Any(e => e.Code == code);
}
