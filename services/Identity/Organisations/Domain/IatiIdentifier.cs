using System.Text.RegularExpressions;

namespace Marketplace.Identity.Organisations.Domain;

/// <summary>
/// An organisation's IATI identifier (<c>ref</c>, e.g. <c>XM-DAC-50</c>) and IATI organisation type code
/// (<c>type</c>, from the OrganisationType codelist of IATI 2.03, e.g. 10 Government, 40 Multilateral).
/// </summary>
public sealed partial record IatiIdentifier(string Ref, string Type)
{
    /// <summary>Every code of the IATI 2.03 OrganisationType codelist.</summary>
    public static readonly IReadOnlySet<string> OrganisationTypes =
        new HashSet<string>(StringComparer.Ordinal) { "10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90" };

    /// <summary>An IATI organisation identifier: a registration-agency prefix, a hyphen, the identifier; no spaces.</summary>
    public static bool IsValidRef(string value) => value.Length <= 100 && RefPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9]{2,}(-[A-Za-z0-9_.:/]+)+$")]
    private static partial Regex RefPattern();
}
