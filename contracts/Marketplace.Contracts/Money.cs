using System.Globalization;

namespace Marketplace.Contracts;

/// <summary>
/// An exact amount in an accepted currency. Stored and compared as an integer count of the currency's
/// minor units so that no floating point ever touches a money path.
/// </summary>
/// <param name="Minor">Amount in minor units (cents for USD, yen for JPY).</param>
/// <param name="Currency">ISO 4217 code.</param>
public readonly record struct Money(long Minor, string Currency)
{
    /// <summary>Largest amount accepted: 15 integer digits.</summary>
    public const decimal MaxAmount = 999_999_999_999_999m;

    /// <summary>The amount as a decimal in major units.</summary>
    public decimal Amount => Minor / Scale(Currency);

    /// <summary>The amount as API.md writes it: a decimal string with exactly the currency's minor digits.</summary>
    public string AmountString => Amount.ToString("F" + Currencies.MinorUnitsOf(Currency), CultureInfo.InvariantCulture);

    /// <summary>Builds money from a decimal that already has at most the currency's minor digits.</summary>
    public static Money FromDecimal(decimal amount, string currency)
    {
        var scaled = amount * Scale(currency);
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentException($"{amount} has more decimals than {currency} allows.", nameof(amount));
        }
        return new Money((long)scaled, currency);
    }

    /// <summary>Zero in <paramref name="currency"/>.</summary>
    public static Money Zero(string currency) => new(0, currency);

    /// <summary>Parses an API amount string for <paramref name="currency"/>; null with an error message when invalid.</summary>
    public static Money? TryParse(string amount, string currency, out string? error)
    {
        error = null;
        var minorUnits = Currencies.MinorUnitsOf(currency);
        if (!IsPlainDecimal(amount))
        {
            error = "must be a decimal string such as \"2500000.00\"";
            return null;
        }
        var dot = amount.IndexOf('.');
        var decimals = dot < 0 ? 0 : amount.Length - dot - 1;
        var integerDigits = (dot < 0 ? amount : amount[..dot]).TrimStart('0').Length;
        if (decimals > minorUnits)
        {
            error = minorUnits == 0 ? $"must be a whole number for {currency}" : $"must have at most {minorUnits} decimals for {currency}";
            return null;
        }
        if (integerDigits > 15)
        {
            // Checked before parsing: more than 28 digits would overflow decimal.
            error = "must have at most 15 integer digits";
            return null;
        }
        var value = decimal.Parse(amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (value <= 0)
        {
            error = "must be greater than 0";
            return null;
        }
        return FromDecimal(value, currency);
    }

    private static bool IsPlainDecimal(string s)
    {
        if (s.Length is 0 or > 40) return false;
        var dot = s.IndexOf('.');
        if (dot == 0 || dot == s.Length - 1) return false;
        for (var i = 0; i < s.Length; i++)
        {
            if (i == dot) continue;
            if (s[i] is < '0' or > '9') return false;
        }
        return true;
    }

    private static decimal Scale(string currency)
    {
        var scale = 1m;
        for (var i = Currencies.MinorUnitsOf(currency); i > 0; i--) scale *= 10m;
        return scale;
    }

    /// <summary>Sum of two amounts in the same currency.</summary>
    public static Money operator +(Money a, Money b) => new(checked(a.Minor + SameCurrency(a, b).Minor), a.Currency);

    /// <summary>Difference of two amounts in the same currency.</summary>
    public static Money operator -(Money a, Money b) => new(checked(a.Minor - SameCurrency(a, b).Minor), a.Currency);

    private static Money SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency ? b : throw new InvalidOperationException($"Cannot combine {a.Currency} with {b.Currency}.");
}
