namespace Marketplace.Matching.Domain;

/// <summary>US dollars per one unit of a currency, with where the rate comes from and its date.</summary>
public sealed record FxRate(string Currency, decimal UsdPerUnit, DateOnly AsOf, string Source, long Version);
