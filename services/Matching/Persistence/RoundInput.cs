using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>Everything one matching round reads, taken from the store in one consistent snapshot.</summary>
public sealed record RoundInput(
    IReadOnlyList<NeedView> Needs,
    IReadOnlyList<PledgeView> Pledges,
    IReadOnlyList<Match> OpenMatches,
    IReadOnlyDictionary<string, FxRate> FxRates,
    IReadOnlySet<(string NeedId, string PledgeId)> RejectedPairs,
    IReadOnlyDictionary<string, MatchRelease> Releases);
