using Marketplace.Matching.Domain;

namespace Marketplace.Matching.Persistence;

/// <summary>
/// Everything one matching round reads, taken from the store in one consistent snapshot: all of it
/// (<see cref="IMatchingStore.LoadRoundInputAsync"/>), or only what was written after the sequences of an earlier read
/// (<see cref="IMatchingStore.LoadRoundChangesAsync"/>).
/// </summary>
/// <param name="OpenMatches">The proposed and approved matches (in-flight approval states included); in a change read, those of them written since.</param>
/// <param name="RejectedPairs">The pairs of rejected matches; in a change read, those rejected since.</param>
/// <param name="Releases">What cancelled flows released of approved matches; in a change read, the releases recorded since.</param>
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

    /// <summary>
    /// The store's match change sequence in this snapshot: every write of a match (a proposal inserted or superseded, a
    /// decision, an approval's in-flight transition) and every recorded release takes the next one, whichever replica
    /// wrote it, so the matches and releases of a later read "changed after" this value are exactly those written since.
    /// </summary>
    public long MatchSequence { get; init; }

    /// <summary>In a change read, the matches written since that are no longer open (superseded, rejected); empty in a full read.</summary>
    public IReadOnlyList<string> ClosedMatchIds { get; init; } = [];
}
