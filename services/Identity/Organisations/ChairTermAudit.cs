using System.Globalization;
using System.Text.Json.Nodes;
using Marketplace.Identity.Organisations.Domain;

namespace Marketplace.Identity.Organisations;

/// <summary>How a chair-term change reads in the audit trail (entity id <c>chair</c>): the new term and the one it replaced.</summary>
public static class ChairTermAudit
{
    public const string EntityId = "chair";
    public const string Action = "chair.term-set";

    public static JsonObject Details(ChairTerm term, ChairTerm? previous) => new()
    {
        ["org"] = term.Org,
        ["from"] = Format(term.From),
        ["until"] = term.Until is { } until ? Format(until) : null,
        ["previous"] = previous is null ? null : new JsonObject
        {
            ["org"] = previous.Org,
            ["from"] = Format(previous.From),
            ["until"] = previous.Until is { } u ? Format(u) : null,
        },
    };

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
