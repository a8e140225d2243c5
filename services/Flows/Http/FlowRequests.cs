using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Flows.Http;

/// <summary>
/// The request bodies of the flow's steps (API.md "Money trail"): every field checked, every error listed.
/// Amounts must be in the pledge's currency (<paramref name="currency"/>): another currency is a 400 on
/// <c>amount.currency</c>, never a conversion.
/// </summary>
public static class FlowRequests
{
    private static readonly IReadOnlySet<string> NoServerOwned = new HashSet<string>();
    private static readonly IReadOnlySet<string> CommitmentFields = new HashSet<string> { "signedOn", "reference", "amount" };
    private static readonly IReadOnlySet<string> DisbursementFields = new HashSet<string> { "date", "amount", "reference" };
    private static readonly IReadOnlySet<string> CancelFields = new HashSet<string> { "reason" };

    public sealed record CommitmentBody(DateOnly SignedOn, string Reference, Money? Amount);

    public sealed record DisbursementBody(DateOnly Date, Money Amount, string Reference);

    public static CommitmentBody? Commitment(JsonObject body, string currency, FieldErrors errors)
    {
        var f = new RequestFields(body, errors);
        f.RejectUnknown(CommitmentFields, NoServerOwned);
        var signedOn = RequiredDate(f, body, "signedOn");
        var reference = f.String("reference", true, 1, 200);
        var amount = Amount(f, body, required: false, currency);
        return errors.Any ? null : new CommitmentBody(signedOn!.Value, reference!, amount);
    }

    public static DisbursementBody? Disbursement(JsonObject body, string currency, FieldErrors errors)
    {
        var f = new RequestFields(body, errors);
        f.RejectUnknown(DisbursementFields, NoServerOwned);
        var date = RequiredDate(f, body, "date");
        var amount = Amount(f, body, required: true, currency);
        var reference = f.String("reference", true, 1, 200);
        return errors.Any ? null : new DisbursementBody(date!.Value, amount!.Value, reference!);
    }

    public static string? CancelReason(JsonObject body, FieldErrors errors)
    {
        var f = new RequestFields(body, errors);
        f.RejectUnknown(CancelFields, NoServerOwned);
        var reason = f.String("reason", true, 1, 1000);
        return errors.Any ? null : reason;
    }

    private static DateOnly? RequiredDate(RequestFields f, JsonObject body, string name)
    {
        if (body[name] is null)
        {
            f.Errors.Add(name, "is required (YYYY-MM-DD)");
            return null;
        }
        return f.Date(name);
    }

    private static Money? Amount(RequestFields f, JsonObject body, bool required, string currency)
    {
        if (body["amount"] is JsonObject money && money["currency"] is JsonValue value && value.TryGetValue<string>(out var given)
            && given != currency && Currencies.TryGet(given, out _))
        {
            f.Errors.Add("amount.currency", $"must be {currency}, the currency of the pledge (every amount of a flow is in it)");
            return null;
        }
        return f.Money("amount", required);
    }
}
