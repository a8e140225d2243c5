using System.Text.Json.Nodes;

namespace Marketplace.Gateway.OpenApi;

/// <summary>
/// Merges the services' OpenAPI 3.1 documents: paths and operations (the first service's wins where two
/// serve the same route, as every service does for <c>/api/v1/audit</c>, which the gateway routes by id
/// prefix), component schemas and security schemes, and the tags the operations use.
/// </summary>
public static class ApiDocumentMerger
{
    public static JsonObject Merge(IEnumerable<JsonObject> documents)
    {
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var schemes = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
            {
                if (!paths.TryGetValue(path, out var merged)) paths[path] = merged = [];
                foreach (var (method, operation) in item!.AsObject())
                {
                    if (merged.ContainsKey(method)) continue;
                    merged[method] = operation!.DeepClone();
                    foreach (var tag in operation["tags"]?.AsArray() ?? []) tags.Add(tag!.GetValue<string>());
                }
            }
            foreach (var (name, schema) in document["components"]?["schemas"]?.AsObject() ?? []) schemas.TryAdd(name, schema!.DeepClone());
            foreach (var (name, scheme) in document["components"]?["securitySchemes"]?.AsObject() ?? []) schemes.TryAdd(name, scheme!.DeepClone());
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Support Platform Pledge Marketplace API",
                ["version"] = "v1",
                ["description"] = "The public HTTP API of the MIRPS Support Platform pledge marketplace, served by the gateway. " +
                    "Every /api/v1 call needs a bearer token except GET /api/v1/reference. Lists are paged and also export as CSV. " +
                    "Errors are RFC 9457 problem details.",
            },
            ["tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
            ["paths"] = new JsonObject(paths.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
                ["securitySchemes"] = new JsonObject(schemes.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            },
        };
    }
}
