using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Contracts;

namespace Marketplace.ServiceKit.Http;

/// <summary>
/// Typed, validating access to the fields of a JSON request object. Every problem is added to
/// <see cref="Errors"/> under the field's path, so a request is rejected once with all its errors.
/// </summary>
public sealed class RequestFields(JsonObject body, FieldErrors errors)
{
    public FieldErrors Errors { get; } = errors;

    /// <summary>Rejects fields the resource does not have, and fields the server owns.</summary>
    public void RejectUnknown(IReadOnlySet<string> accepted, IReadOnlySet<string> serverOwned)
    {
        foreach (var (name, _) in body)
        {
            if (serverOwned.Contains(name)) Errors.Add(name, "is set by the server and cannot be sent");
            else if (!accepted.Contains(name)) Errors.Add(name, "is not a field of this resource");
        }
    }

    public string? String(string name, bool required, int minLength, int maxLength)
    {
        var value = ReadString(name, required);
        if (value is null) return null;
        var length = new StringInfo(value).LengthInTextElements;
        if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            Errors.Add(name, "must not contain control characters");
        else if (length < minLength || (minLength > 0 && string.IsNullOrWhiteSpace(value)))
            Errors.Add(name, minLength == 1 ? "must not be empty" : $"must be at least {minLength} characters");
        else if (length > maxLength) Errors.Add(name, $"must be at most {maxLength} characters");
        else return value;
        return null;
    }

    public string? Code(string name, bool required, Func<string, bool> isValid, string allowed)
    {
        var value = ReadString(name, required);
        if (value is null) return null;
        if (isValid(value)) return value;
        Errors.Add(name, $"must be one of: {allowed}");
        return null;
    }

    public IReadOnlyList<string>? CodeSet(string name, bool required, bool nonEmpty, Func<string, bool> isValid, string allowed)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            if (required) Errors.Add(name, "is required");
            return null;
        }
        if (node is not JsonArray array)
        {
            Errors.Add(name, "must be an array of strings");
            return null;
        }
        var result = new List<string>();
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && isValid(v.GetValue<string>()))
            {
                var code = v.GetValue<string>();
                if (result.Contains(code)) { Errors.Add($"{name}[{i}]", "is repeated"); ok = false; }
                else result.Add(code);
            }
            else
            {
                Errors.Add($"{name}[{i}]", $"must be one of: {allowed}");
                ok = false;
            }
        }
        if (ok && nonEmpty && result.Count == 0) { Errors.Add(name, "must not be empty"); ok = false; }
        return ok ? result : null;
    }

    /// <summary>Reads <c>{"amount": "...", "currency": "..."}</c>; <paramref name="currencyMustBe"/> pins the currency.</summary>
    public Money? Money(string name, bool required, string? currencyMustBe = null)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            if (required) Errors.Add(name, "is required");
            return null;
        }
        if (node is not JsonObject money)
        {
            Errors.Add(name, "must be an object {\"amount\": \"123.45\", \"currency\": \"USD\"}");
            return null;
        }
        foreach (var (field, _) in money)
        {
            if (field is not "amount" and not "currency") Errors.Add($"{name}.{field}", "is not a field of money");
        }
        var currency = ReadNested(money, name, "currency");
        var amount = ReadNested(money, name, "amount");
        if (currency is not null && !Currencies.TryGet(currency, out _))
        {
            Errors.Add($"{name}.currency", "must be an ISO 4217 code the platform has an FX rate for (see GET /api/v1/reference)");
            return null;
        }
        if (currency is not null && currencyMustBe is not null && currency != currencyMustBe)
        {
            Errors.Add($"{name}.currency", $"must be {currencyMustBe}, the currency of amount");
            return null;
        }
        if (amount is null || currency is null) return null;
        var parsed = Contracts.Money.TryParse(amount, currency, out var error);
        if (error is not null) Errors.Add($"{name}.amount", error);
        return parsed;
    }

    public DateOnly? Date(string name)
    {
        var value = ReadString(name, required: false);
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        Errors.Add(name, "must be a real date written YYYY-MM-DD");
        return null;
    }

    public long? Integer(string name, long min, long max)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n))
        {
            if (n >= min && n <= max) return n;
            Errors.Add(name, $"must be between {min} and {max}");
            return null;
        }
        Errors.Add(name, "must be a whole number");
        return null;
    }

    private string? ReadString(string name, bool required)
    {
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            if (required) Errors.Add(name, "is required");
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        Errors.Add(name, "must be a string");
        return null;
    }

    private string? ReadNested(JsonObject obj, string parent, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            Errors.Add($"{parent}.{name}", "is required");
            return null;
        }
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        Errors.Add($"{parent}.{name}", "must be a string");
        return null;
    }
}
