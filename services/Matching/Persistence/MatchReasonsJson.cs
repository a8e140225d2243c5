using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// A match's reasons in the SQLite <c>reasons</c> column: a JSON array of <c>{"code","params","text"}</c>.
/// Rows written before reasons had codes hold an array of strings; they read as <see cref="MatchReasonCodes.Note"/>.
/// </summary>
public static class MatchReasonsJson
{
    public static string Write(IReadOnlyList<MatchReason> reasons) =>
        new JsonArray(reasons.Select(r => (JsonNode)new JsonObject
        {
            ["code"] = r.Code,
            ["params"] = new JsonObject(r.Params.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["text"] = r.Text,
        }).ToArray()).ToJsonString();

    public static List<MatchReason> Read(string json) =>
        JsonNode.Parse(json)!.AsArray().Select(node => node!.GetValueKind() == JsonValueKind.String
            ? MatchReason.Note(node.GetValue<string>())
            : new MatchReason(node["code"]!.GetValue<string>(),
                node["params"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal),
                node["text"]!.GetValue<string>())).ToList();
}
