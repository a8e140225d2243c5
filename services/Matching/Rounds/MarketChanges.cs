namespace Marketplace.Matching.Rounds;

/// <summary>What changed in the market since the last round (see <see cref="MarketCache.TakeChanges"/>).</summary>
public sealed record MarketChanges(
    IReadOnlyList<string> Needs,
    IReadOnlyList<string> Pledges,
    IReadOnlyList<(string NeedId, string PledgeId)> TakenOff,
    IReadOnlyList<(string NeedId, string PledgeId)> Rejected);
