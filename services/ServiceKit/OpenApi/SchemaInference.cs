using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Marketplace.ServiceKit.OpenApi;

/// <summary>Infers a JSON Schema from an example value: types, nested objects, arrays, date and date-time formats.</summary>
internal static class SchemaInference
{
    public static OpenApiSchema Infer(ApiSchema schema)
    {
        var inferred = Infer(schema.Example, schema.Optional, schema.Maps);
        inferred.Description = schema.Description;
        inferred.Examples = [schema.Example.DeepClone()];
        return inferred;
    }

    private static OpenApiSchema Infer(JsonObject example, IReadOnlySet<string> optional, IReadOnlySet<string> maps)
    {
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            Required = new HashSet<string>(StringComparer.Ordinal),
        };
        foreach (var (name, value) in example)
        {
            var property = maps.Contains(name)
                ? new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String } }
                : Infer(value, maps);
            if (optional.Contains(name))
            {
                property.Type |= JsonSchemaType.Null;
            }
            else
            {
                schema.Required.Add(name);
            }
            schema.Properties[name] = property;
        }
        return schema;
    }

    private static OpenApiSchema Infer(JsonNode? value, IReadOnlySet<string> maps) => value switch
    {
        JsonObject nested => Infer(nested, new HashSet<string>(), maps),
        JsonArray array => new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = array.Count > 0 ? Infer(array[0], maps) : new OpenApiSchema { Type = JsonSchemaType.String },
        },
        JsonValue scalar => Scalar(scalar),
        _ => throw new ArgumentException("An API schema example must give every field a value; list nullable fields as optional."),
    };

    private static OpenApiSchema Scalar(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                var format = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? "date"
                    : text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? "date-time"
                    : null;
                return new OpenApiSchema { Type = JsonSchemaType.String, Format = format };
            case JsonValueKind.Number:
                return new OpenApiSchema { Type = value.TryGetValue<long>(out _) || IsWhole(value) ? JsonSchemaType.Integer : JsonSchemaType.Number };
            case JsonValueKind.True:
            case JsonValueKind.False:
                return new OpenApiSchema { Type = JsonSchemaType.Boolean };
            default:
                throw new ArgumentException($"Unsupported example value {value.ToJsonString()}.");
        }
    }

    private static bool IsWhole(JsonValue value) =>
        !value.ToJsonString().Contains('.') && !value.ToJsonString().Contains('e', StringComparison.OrdinalIgnoreCase);
}
