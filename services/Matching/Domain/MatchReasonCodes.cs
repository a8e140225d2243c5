namespace Marketplace.Matching.Domain;

/// <summary>The codes of a match's <c>reasonCodes</c> and their params (docs/api.md "Reason codes").</summary>
public static class MatchReasonCodes
{
    /// <summary>The pledge has no country earmark. Params: country.</summary>
    public const string CountryOpen = "country-open";

    /// <summary>The need's country is among the pledge's earmarked countries. Params: country.</summary>
    public const string CountryEarmarked = "country-earmarked";

    /// <summary>The pledge has no sector earmark. Params: sector.</summary>
    public const string SectorOpen = "sector-open";

    /// <summary>The need's sector is among the pledge's earmarked sectors. Params: sector.</summary>
    public const string SectorShared = "sector-shared";

    /// <summary>The need accepts the pledge's instrument. Params: instrument.</summary>
    public const string InstrumentAccepted = "instrument-accepted";

    /// <summary>The need's priority and its weight in the objective. Params: priority, weight.</summary>
    public const string Priority = "priority";

    /// <summary>The share of the need this match covers. Params: percent, amount, requested, currency (the need's).</summary>
    public const string Coverage = "coverage";

    /// <summary>Pledge and need share a currency. Params: currency.</summary>
    public const string SameCurrency = "same-currency";

    /// <summary>
    /// The conversion used. Params: rate (need units per pledge unit), needCurrency, pledgeCurrency,
    /// pledgeUsdPerUnit, pledgeAsOf, needUsdPerUnit, needAsOf.
    /// </summary>
    public const string FxRate = "fx-rate";

    /// <summary>Both date windows are given and overlap. Params: needStart, needEnd, pledgeFrom, pledgeUntil (each may be empty).</summary>
    public const string DatesOverlap = "dates-overlap";

    /// <summary>A reason recorded before reasons had codes. Params: text (its English text).</summary>
    public const string Note = "note";
}
