using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>An FX rate in MongoDB, keyed by currency code; the rate is Decimal128 (exact).</summary>
public sealed record FxRateDocument(string Id, decimal UsdPerUnit, DateOnly AsOf, string Source, long Version)
{
    public static FxRateDocument From(FxRate r) => new(r.Currency, r.UsdPerUnit, r.AsOf, r.Source, r.Version);

    public FxRate ToRate() => new(Id, UsdPerUnit, AsOf, Source, Version);
}
