using System.Text.Json.Nodes;
using Marketplace.Contracts;

namespace Marketplace.ServiceKit.Http;

/// <summary>API.md's money shape: <c>{"amount": "2500000.00", "currency": "USD"}</c>.</summary>
public static class MoneyJson
{
    public static JsonObject From(Money money) => new()
    {
        ["amount"] = money.AmountString,
        ["currency"] = money.Currency,
    };

    public static JsonObject? From(Money? money) => money is { } m ? From(m) : null;
}
