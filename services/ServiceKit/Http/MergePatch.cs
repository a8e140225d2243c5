using System.Text.Json.Nodes;

namespace Marketplace.ServiceKit.Http;

/// <summary>RFC 7386 JSON merge patch, and the field-level difference recorded in the audit trail.</summary>
public static class MergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        var result = target.DeepClone().AsObject();
        foreach (var (name, value) in patch)
        {
            if (value is null) result.Remove(name);
            // RFC 7386: an object patch merges into an empty object when the target is not one, so its nulls still remove.
            else if (value is JsonObject patchObject) result[name] = Apply(result[name] as JsonObject ?? new JsonObject(), patchObject);
            else result[name] = value.DeepClone();
        }
        return result;
    }

    /// <summary><c>{"field": {"from": ..., "to": ...}}</c> for every top-level field that differs.</summary>
    public static JsonObject Diff(JsonObject before, JsonObject after)
    {
        var changes = new JsonObject();
        foreach (var name in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            var from = before[name];
            var to = after[name];
            if (!JsonNode.DeepEquals(from, to))
            {
                changes[name] = new JsonObject { ["from"] = from?.DeepClone(), ["to"] = to?.DeepClone() };
            }
        }
        return changes;
    }
}
