using System.Text;
using System.Text.Json.Nodes;

namespace Marketplace.TestSupport;

/// <summary>
/// Renders the operations and schemas of an OpenAPI document as the generated part of docs/api.md, so the
/// project's API reference is the document the gateway serves, not a second description of it.
/// </summary>
public static class ApiReferenceMarkdown
{
    public const string Begin = "<!-- generated from /openapi/v1.json: begin -->";
    public const string End = "<!-- generated from /openapi/v1.json: end -->";

    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public static string Render(JsonObject document)
    {
        var text = new StringBuilder();
        text.AppendLine(Begin);
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => Methods.Contains(m.Key)).Select(m => (Path: p.Key, Method: m.Key, Operation: m.Value!.AsObject())))
            .GroupBy(o => o.Operation["tags"]?[0]?.GetValue<string>() ?? "Other")
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        text.AppendLine("## Operations").AppendLine();
        foreach (var group in operations)
        {
            text.AppendLine($"### {group.Key}").AppendLine();
            foreach (var (path, method, operation) in group.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => Array.IndexOf(Methods, o.Method)))
            {
                text.AppendLine($"#### `{method.ToUpperInvariant()} {path}` — {operation["summary"]}").AppendLine();
                if (operation["description"] is { } description) text.AppendLine(description.GetValue<string>()).AppendLine();
                text.AppendLine(operation["security"] is null ? "No token needed." : "Token needed (client credentials or authorization code).").AppendLine();
                var parameters = operation["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                if (parameters.Count > 0)
                {
                    text.AppendLine("| parameter | in | required | values | meaning |").AppendLine("|---|---|---|---|---|");
                    foreach (var p in parameters)
                    {
                        var values = p["schema"]?["enum"] is JsonArray allowed ? string.Join(" ", allowed.Select(a => a!.GetValue<string>())) : "";
                        text.AppendLine($"| `{p["name"]}` | {p["in"]} | {(p["required"]?.GetValue<bool>() == true ? "yes" : "no")} | {values} | {Cell(p["description"])} |");
                    }
                    text.AppendLine();
                }
                if (operation["requestBody"]?["content"] is JsonObject body)
                {
                    text.AppendLine($"Body: {string.Join(", ", body.Select(c => $"`{c.Key}` {SchemaName(c.Value!["schema"])}"))}.").AppendLine();
                }
                text.AppendLine("| status | meaning | body |").AppendLine("|---|---|---|");
                foreach (var (status, response) in operation["responses"]!.AsObject().OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    var content = response!["content"] is JsonObject c ? string.Join(", ", c.Select(m => $"`{m.Key}` {SchemaName(m.Value!["schema"])}")) : "";
                    text.AppendLine($"| {status} | {Cell(response["description"])} | {content} |");
                }
                text.AppendLine();
            }
        }
        text.AppendLine("## Schemas").AppendLine();
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject().OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"### {name}").AppendLine();
            if (schema!["description"] is { } description) text.AppendLine(description.GetValue<string>()).AppendLine();
            var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            if (schema["properties"] is JsonObject properties)
            {
                text.AppendLine("| field | type | required |").AppendLine("|---|---|---|");
                foreach (var (field, property) in properties) text.AppendLine($"| `{field}` | {TypeOf(property)} | {(required.Contains(field) ? "yes" : "no")} |");
                text.AppendLine();
            }
        }
        text.AppendLine(End);
        return text.ToString();
    }

    private static string SchemaName(JsonNode? schema) => schema switch
    {
        null => "",
        _ when schema["$ref"] is { } reference => $"[{Name(reference)}](#{Name(reference).ToLowerInvariant()})",
        _ when schema["properties"]?["items"]?["items"]?["$ref"] is { } item => $"list of [{Name(item)}](#{Name(item).ToLowerInvariant()})",
        _ => TypeOf(schema),
    };

    private static string Name(JsonNode reference) => reference.GetValue<string>().Split('/').Last();

    private static string TypeOf(JsonNode? schema)
    {
        if (schema is null) return "";
        if (schema["$ref"] is { } reference) return Name(reference);
        var type = schema["type"] switch
        {
            JsonArray types => string.Join(" or ", types.Select(t => t!.GetValue<string>())),
            JsonValue single => single.GetValue<string>(),
            _ => "any",
        };
        if (type.Contains("array") && schema["items"] is { } items) type = type.Replace("array", $"array of {TypeOf(items)}");
        if (schema["format"] is { } format) type += $" ({format})";
        if (schema["properties"] is JsonObject nested) type += " {" + string.Join(", ", nested.Select(n => n.Key)) + "}";
        return type;
    }

    private static string Cell(JsonNode? text) => text?.GetValue<string>().Replace("|", "\\|").Replace("\n", " ") ?? "";
}
