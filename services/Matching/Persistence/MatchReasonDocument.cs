namespace Marketplace.Matching.Persistence;

/// <summary>A match reason's code and params in MongoDB; its English text stays in the match's <c>reasons</c> array.</summary>
public sealed record MatchReasonDocument(string Code, Dictionary<string, string> Params);
