namespace Marketplace.Matching.Contracts;

/// <summary>The secretariat changed the FX rate of a currency (US dollars per one unit).</summary>
public sealed record FxRateChanged(string Currency, decimal UsdPerUnit, DateOnly AsOf, string Source);
