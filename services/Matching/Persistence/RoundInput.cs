using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>Everything one matching round reads, taken from the store in one consistent snapshot.</summary>
public sealed record RoundInput(
    IReadOnlyList<NeedView> Needs,
    IReadOnlyList<PledgeView> Pledges,
    IReadOnlyList<Match> OpenMatches,
    IReadOnlyDictionary<string, FxRate> FxRates,
    IReadOnlySet<(string NeedId, string PledgeId)> RejectedPairs,
    IReadOnlyDictionary<string, MatchRelease> Releases)
{
    /// <summary>
    /// The store's view sequence in this snapshot: every need or pledge view write takes the next one, so the views
    /// of a later read "changed after" this value are exactly those written since.
    /// </summary>
    public long ViewSequence { get; init; }
}
