namespace Marketplace.Contracts;

/// <summary>An ISO 4217 currency the platform accepts, with its minor-unit exponent and the shipped default FX rate.</summary>
/// <param name="Code">ISO 4217 alphabetic code.</param>
/// <param name="Es">Spanish name.</param>
/// <param name="En">English name.</param>
/// <param name="MinorUnits">Number of decimals the currency allows (0 for JPY).</param>
/// <param name="DefaultUsdPerUnit">US dollars per one unit of this currency in the shipped default table.</param>
/// <param name="AsOf">Date of the default rate.</param>
/// <param name="Source">Where the default rate comes from.</param>
public sealed record CurrencyEntry(string Code, string Es, string En, int MinorUnits, decimal DefaultUsdPerUnit, DateOnly AsOf, string Source);
