namespace Marketplace.Matching.Domain;

/// <summary>
/// One reason a pair fits, as data (<see cref="Code"/> from <see cref="MatchReasonCodes"/> with its
/// <see cref="Params"/>, every value a string) and as the English sentence the API also returns.
/// </summary>
public sealed record MatchReason(string Code, IReadOnlyDictionary<string, string> Params, string Text)
{
    /// <summary>A reason stored as text only, before reasons had codes.</summary>
    public static MatchReason Note(string text) => new(MatchReasonCodes.Note, new Dictionary<string, string> { ["text"] = text }, text);

    public bool Equals(MatchReason? other) =>
        other is not null && Code == other.Code && Text == other.Text
        && Params.Count == other.Params.Count && Params.All(p => other.Params.TryGetValue(p.Key, out var v) && v == p.Value);

    public override int GetHashCode() => HashCode.Combine(Code, Text, Params.Count);
}
