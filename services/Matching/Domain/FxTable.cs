using Marketplace.Contracts;

namespace Marketplace.Matching.Domain;

/// <summary>
/// Exact decimal conversions through the platform's FX table. Amounts offered to the engine round
/// down (a pledge never looks larger than it is); minimums round up.
/// </summary>
public sealed class FxTable(IReadOnlyDictionary<string, FxRate> rates)
{
    /// <summary>Decimals kept in a cross rate: plenty for amounts of 15 integer digits.</summary>
    public const int RateDecimals = 10;

    public FxRate this[string currency] => rates[currency];

    public bool Has(string currency) => rates.ContainsKey(currency);

    public long ToUsdCentsFloor(long minor, string currency) => (long)decimal.Floor(UsdCents(minor, currency));

    public long ToUsdCentsCeiling(long minor, string currency) => (long)decimal.Ceiling(UsdCents(minor, currency));

    /// <summary>The largest amount in <paramref name="currency"/> minor units worth at most <paramref name="usdCents"/>.</summary>
    public long FromUsdCentsFloor(long usdCents, string currency) =>
        (long)decimal.Floor(usdCents / 100m / rates[currency].UsdPerUnit * Scale(currency));

    /// <summary>Units of <paramref name="to"/> per one unit of <paramref name="from"/>.</summary>
    public decimal CrossRate(string from, string to) =>
        from == to ? 1m : decimal.Round(rates[from].UsdPerUnit / rates[to].UsdPerUnit, RateDecimals, MidpointRounding.ToEven);

    /// <summary><paramref name="minor"/> of <paramref name="from"/> at <paramref name="rate"/>, rounded to <paramref name="to"/>'s minor unit.</summary>
    public static long Convert(long minor, string from, decimal rate, string to)
    {
        var major = minor / Scale(from) * rate;
        return (long)(decimal.Round(major, Currencies.MinorUnitsOf(to), MidpointRounding.ToEven) * Scale(to));
    }

    /// <summary>What one minor unit of <paramref name="from"/> is worth in minor units of <paramref name="to"/> at <paramref name="rate"/>, unrounded.</summary>
    public static decimal MinorUnitValue(string from, decimal rate, string to) => rate * Scale(to) / Scale(from);

    /// <summary>
    /// The smallest amount in <paramref name="from"/> minor units that converts at <paramref name="rate"/> to at
    /// least <paramref name="targetMinor"/> of <paramref name="to"/>.
    /// </summary>
    public static long SmallestCovering(long targetMinor, string to, decimal rate, string from)
    {
        var amount = (long)decimal.Ceiling(targetMinor / MinorUnitValue(from, rate, to));
        while (amount > 0 && Convert(amount - 1, from, rate, to) >= targetMinor) amount--;
        while (Convert(amount, from, rate, to) < targetMinor) amount++;
        return amount;
    }

    public decimal ToUsd(long minor, string currency) => minor / Scale(currency) * rates[currency].UsdPerUnit;

    private decimal UsdCents(long minor, string currency) => ToUsd(minor, currency) * 100m;

    private static decimal Scale(string currency)
    {
        var scale = 1m;
        for (var i = Currencies.MinorUnitsOf(currency); i > 0; i--) scale *= 10m;
        return scale;
    }
}
