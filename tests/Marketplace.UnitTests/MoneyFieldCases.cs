namespace Marketplace.UnitTests;

/// <summary>
/// The money field at its boundaries (API.md "Conventions"): the JSON of <c>amount</c> and the one error
/// key expected, or "" when valid. Shared by needs and pledges, which both call the field <c>amount</c>.
/// </summary>
public static class MoneyFieldCases
{
    public static TheoryData<string, string> All => new()
    {
        { """{"amount": "1", "currency": "USD"}""", "" },
        { """{"amount": "0.01", "currency": "USD"}""", "" },
        { """{"amount": "1.5", "currency": "USD"}""", "" },
        { """{"amount": "2500000.00", "currency": "USD"}""", "" },
        { """{"amount": "999999999999999.99", "currency": "USD"}""", "" },
        { """{"amount": "100", "currency": "JPY"}""", "" },
        { """{"amount": "0", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "0.00", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "-1", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "0.001", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "1e5", "currency": "USD"}""", "amount.amount" },
        { """{"amount": " 1", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "1 ", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "+1", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "1.", "currency": "USD"}""", "amount.amount" },
        { """{"amount": ".5", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "1,000.00", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "1000000000000000.00", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "1000000000000000", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "99999999999999999999999999999999999999", "currency": "USD"}""", "amount.amount" },
        { """{"amount": "100.5", "currency": "JPY"}""", "amount.amount" },
        { """{"amount": 100, "currency": "USD"}""", "amount.amount" },
        { """{"amount": "100.00", "currency": "XXX"}""", "amount.currency" },
        { """{"amount": "100.00", "currency": "usd"}""", "amount.currency" },
        { """{"amount": "100.00", "currency": 840}""", "amount.currency" },
        { """{"amount": "100.00"}""", "amount.currency" },
        { """{"currency": "USD"}""", "amount.amount" },
        { """{"amount": "100.00", "currency": "USD", "rate": 1}""", "amount.rate" },
        { "\"100.00 USD\"", "amount" },
        { "100", "amount" },
        { "null", "amount" },
    };
}
