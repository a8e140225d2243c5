namespace Marketplace.Contracts;

/// <summary>
/// The currencies the platform accepts and the shipped default FX table. Rates are a dated snapshot for
/// a fresh installation; the secretariat keeps them current through <c>PUT /api/v1/fx-rates/{currency}</c>.
/// </summary>
public static class Currencies
{
    private static readonly DateOnly SnapshotDate = new(2026, 11, 2);
    private const string ImfSource = "IMF representative exchange rates (shipped default snapshot)";
    private const string PegSource = "Fixed peg to the US dollar (central bank)";

    /// <summary>Every accepted currency with its ISO 4217 minor units and default rate.</summary>
    public static readonly IReadOnlyList<CurrencyEntry> All =
    [
        new("USD", "Dólar estadounidense", "US dollar", 2, 1m, SnapshotDate, "Base currency"),
        new("EUR", "Euro", "Euro", 2, 1.0850m, SnapshotDate, ImfSource),
        new("CAD", "Dólar canadiense", "Canadian dollar", 2, 0.7210m, SnapshotDate, ImfSource),
        new("CHF", "Franco suizo", "Swiss franc", 2, 1.1320m, SnapshotDate, ImfSource),
        new("GBP", "Libra esterlina", "Pound sterling", 2, 1.2710m, SnapshotDate, ImfSource),
        new("JPY", "Yen japonés", "Japanese yen", 0, 0.006620m, SnapshotDate, ImfSource),
        new("BRL", "Real brasileño", "Brazilian real", 2, 0.1790m, SnapshotDate, ImfSource),
        new("ARS", "Peso argentino", "Argentine peso", 2, 0.000850m, SnapshotDate, ImfSource),
        new("COP", "Peso colombiano", "Colombian peso", 2, 0.000243m, SnapshotDate, ImfSource),
        new("UYU", "Peso uruguayo", "Uruguayan peso", 2, 0.02440m, SnapshotDate, ImfSource),
        new("BZD", "Dólar beliceño", "Belize dollar", 2, 0.50m, SnapshotDate, PegSource),
        new("CRC", "Colón costarricense", "Costa Rican colón", 2, 0.001960m, SnapshotDate, ImfSource),
        new("GTQ", "Quetzal guatemalteco", "Guatemalan quetzal", 2, 0.1295m, SnapshotDate, ImfSource),
        new("HNL", "Lempira hondureño", "Honduran lempira", 2, 0.03980m, SnapshotDate, ImfSource),
        new("MXN", "Peso mexicano", "Mexican peso", 2, 0.05420m, SnapshotDate, ImfSource),
        new("PAB", "Balboa panameño", "Panamanian balboa", 2, 1m, SnapshotDate, PegSource),
    ];

    private static readonly Dictionary<string, CurrencyEntry> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>Looks up an accepted currency by its exact upper-case ISO code.</summary>
    public static bool TryGet(string? code, out CurrencyEntry currency)
    {
        if (code is not null && ByCode.TryGetValue(code, out var found))
        {
            currency = found;
            return true;
        }
        currency = null!;
        return false;
    }

    /// <summary>The minor-unit exponent of an accepted currency.</summary>
    public static int MinorUnitsOf(string code) =>
        ByCode.TryGetValue(code, out var c) ? c.MinorUnits : throw new ArgumentException($"Unknown currency '{code}'.", nameof(code));
}
