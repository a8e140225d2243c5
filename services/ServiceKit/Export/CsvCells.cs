using System.Text;
using System.Text.Json;

namespace Marketplace.ServiceKit.Export;

/// <summary>
/// Turns one serialized JSON item into the cells of its CSV row (API.md "Exports"): nested objects by
/// dotted path, a set of scalars joined with <c>;</c>, null or absent as an empty cell, and a text cell
/// that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>)
/// prefixed with <c>'</c>. Numbers and booleans are written as JSON writes them.
/// </summary>
public static class CsvCells
{
    private const char SetSeparator = ';';

    public static string Of(JsonElement item, string[] path)
    {
        var current = item;
        foreach (var segment in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current)) return "";
        }
        return current.ValueKind switch
        {
            JsonValueKind.String => Text(current.GetString()!),
            JsonValueKind.Number => current.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Array => Text(Set(current)),
            JsonValueKind.Object => Text(current.GetRawText()),
            _ => "",
        };
    }

    /// <summary>Neutralises spreadsheet formula injection; the only change a CSV cell makes to a JSON value.</summary>
    public static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;

    private static string Set(JsonElement array)
    {
        if (array.EnumerateArray().Any(e => e.ValueKind is JsonValueKind.Object or JsonValueKind.Array)) return array.GetRawText();
        var cell = new StringBuilder();
        foreach (var element in array.EnumerateArray())
        {
            if (cell.Length > 0) cell.Append(SetSeparator);
            cell.Append(element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText());
        }
        return cell.ToString();
    }
}
