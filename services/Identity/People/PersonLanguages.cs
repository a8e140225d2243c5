namespace Marketplace.Identity.People;

/// <summary>
/// The languages the marketplace writes to people in. A person without a choice gets the one most of the
/// organisation's people read: Spanish for the Spanish-speaking member states and donors, English otherwise.
/// </summary>
public static class PersonLanguages
{
    public const string Spanish = "es";
    public const string English = "en";
    public const string Default = English;

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Spanish, English };

    private static readonly HashSet<string> SpanishSpeakingOrgs = new(StringComparer.Ordinal)
    {
        "CR", "SV", "GT", "HN", "MX", "PA", "AR", "CO", "ES", "UY", "CABEI",
    };

    public static string For(string org) => SpanishSpeakingOrgs.Contains(org) ? Spanish : English;
}
