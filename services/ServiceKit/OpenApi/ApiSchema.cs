using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.ServiceKit.OpenApi;

/// <summary>
/// A named schema of the API document, described by an example that the service's own response (or
/// request) mapper produced: the schema's shape is inferred from it, so the document cannot drift from
/// what the service writes. Every field of the example is required unless listed as optional (then it
/// may also be null or absent); the example must give every field a non-null value.
/// </summary>
public sealed record ApiSchema(string Name, string Description, JsonObject Example, IReadOnlySet<string> Optional)
{
    /// <summary>Fields, at any depth, whose object is a map of string values (its keys vary), not a fixed shape.</summary>
    public IReadOnlySet<string> Maps { get; init; } = new HashSet<string>();

    /// <summary>A schema from an example object (a JSON object or any value that serializes to one, as responses do).</summary>
    public static ApiSchema FromExample(string name, string description, object example, params string[] optional) =>
        new(name, description, JsonSerializer.SerializeToNode(example, example.GetType(), JsonSerializerOptions.Web)!.AsObject(),
            optional.ToHashSet(StringComparer.Ordinal));
}
