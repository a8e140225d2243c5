using Marketplace.Contracts;

namespace Marketplace.UnitTests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("1", "USD", 100)]
    [InlineData("0.01", "USD", 1)]
    [InlineData("1.5", "USD", 150)]
    [InlineData("2500000.00", "USD", 250_000_000)]
    [InlineData("999999999999999.99", "USD", 99_999_999_999_999_999)]
    [InlineData("100", "JPY", 100)]
    [InlineData("999999999999999", "JPY", 999_999_999_999_999)]
    [InlineData("0001.00", "EUR", 100)]
    [InlineData("0000000000000000000000000000000000001.00", "EUR", 100)]
    public void TryParse_ValidAmount_ReturnsExactMinorUnits(string amount, string currency, long minor)
    {
        var money = Money.TryParse(amount, currency, out var error);

        Assert.Null(error);
        Assert.Equal(new Money(minor, currency), money);
    }

    [Theory]
    [InlineData("0", "USD", "must be greater than 0")]
    [InlineData("0.00", "USD", "must be greater than 0")]
    [InlineData("-1", "USD", "must be a decimal string such as \"2500000.00\"")]
    [InlineData("0.001", "USD", "must have at most 2 decimals for USD")]
    [InlineData("100.5", "JPY", "must be a whole number for JPY")]
    [InlineData("1000000000000000.00", "USD", "must have at most 15 integer digits")]
    [InlineData("1e5", "USD", "must be a decimal string such as \"2500000.00\"")]
    [InlineData(" 1", "USD", "must be a decimal string such as \"2500000.00\"")]
    [InlineData("1,000.00", "USD", "must be a decimal string such as \"2500000.00\"")]
    [InlineData("١٠٠", "USD", "must be a decimal string such as \"2500000.00\"")]
    [InlineData("１００", "USD", "must be a decimal string such as \"2500000.00\"")]
    [InlineData("1.2.3", "USD", "must be a decimal string such as \"2500000.00\"")]
    [InlineData("NaN", "USD", "must be a decimal string such as \"2500000.00\"")]
    public void TryParse_InvalidAmount_ReturnsNullWithMessage(string amount, string currency, string message)
    {
        var money = Money.TryParse(amount, currency, out var error);

        Assert.Null(money);
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("99999999999999999999999999999")]
    [InlineData("9999999999999999999999999999999999999999")]
    [InlineData("79228162514264337593543950336.00")]
    public void TryParse_MoreDigitsThanADecimalHolds_ReturnsErrorInsteadOfThrowing(string amount)
    {
        var money = Money.TryParse(amount, "USD", out var error);

        Assert.Null(money);
        Assert.Equal("must have at most 15 integer digits", error);
    }

    [Theory]
    [InlineData(250_000_000, "USD", "2500000.00")]
    [InlineData(5, "USD", "0.05")]
    [InlineData(0, "EUR", "0.00")]
    [InlineData(100, "JPY", "100")]
    [InlineData(99_999_999_999_999_999, "USD", "999999999999999.99")]
    public void AmountString_OfMinorUnits_HasExactlyTheCurrencysDecimals(long minor, string currency, string expected)
    {
        Assert.Equal(expected, new Money(minor, currency).AmountString);
    }

    [Fact]
    public void AmountString_ThenTryParse_RoundTrips()
    {
        var random = new Random(7);
        foreach (var currency in new[] { "USD", "JPY", "MXN" })
        {
            for (var i = 0; i < 500; i++)
            {
                var money = new Money(random.NextInt64(1, 99_999_999_999_999_999), currency);
                if (currency == "JPY") money = money with { Minor = money.Minor % 1_000_000_000_000_000 + 1 };

                Assert.Equal(money, Money.TryParse(money.AmountString, currency, out _));
            }
        }
    }

    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    public void MinorUnitsOf_AcceptedCurrency_IsItsIsoExponent(string currency, int expected)
    {
        Assert.Equal(expected, Currencies.MinorUnitsOf(currency));
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("usd")]
    [InlineData("")]
    public void MinorUnitsOf_UnknownCurrency_Throws(string currency)
    {
        Assert.Throws<ArgumentException>(() => Currencies.MinorUnitsOf(currency));
        Assert.False(Currencies.TryGet(currency, out _));
    }

    [Fact]
    public void FromDecimal_WithinMinorUnits_ScalesExactly()
    {
        Assert.Equal(new Money(123_456, "USD"), Money.FromDecimal(1234.56m, "USD"));
        Assert.Equal(new Money(1234, "JPY"), Money.FromDecimal(1234m, "JPY"));
        Assert.Equal(1234.56m, new Money(123_456, "USD").Amount);
    }

    [Theory]
    [InlineData(0.001, "USD")]
    [InlineData(1.5, "JPY")]
    public void FromDecimal_MoreDecimalsThanCurrencyAllows_Throws(double amount, string currency)
    {
        Assert.Throws<ArgumentException>(() => Money.FromDecimal((decimal)amount, currency));
    }

    [Fact]
    public void Operators_SameCurrency_AddAndSubtractMinorUnits()
    {
        var a = new Money(1_050, "EUR");
        var b = new Money(25, "EUR");

        Assert.Equal(new Money(1_075, "EUR"), a + b);
        Assert.Equal(new Money(1_025, "EUR"), a - b);
        Assert.Equal(new Money(-1_025, "EUR"), b - a);
        Assert.Equal(a, a + Money.Zero("EUR"));
    }

    [Fact]
    public void Operators_DifferentCurrencies_Throw()
    {
        var euros = new Money(100, "EUR");
        var dollars = new Money(100, "USD");

        Assert.Throws<InvalidOperationException>(() => euros + dollars);
        Assert.Throws<InvalidOperationException>(() => euros - dollars);
    }

    [Fact]
    public void Operators_Overflow_ThrowInsteadOfWrapping()
    {
        var max = new Money(long.MaxValue, "USD");

        Assert.Throws<OverflowException>(() => max + new Money(1, "USD"));
        Assert.Throws<OverflowException>(() => new Money(long.MinValue, "USD") - new Money(1, "USD"));
    }

    [Fact]
    public void Equality_SameMinorAndCurrency_IsEqual()
    {
        Assert.Equal(Money.TryParse("1.50", "USD", out _), Money.TryParse("1.5", "USD", out _));
        Assert.NotEqual(new Money(150, "USD"), new Money(150, "EUR"));
    }
}
