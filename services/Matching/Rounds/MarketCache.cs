using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// The market a replica's rounds work on, kept in memory between rounds: the need and pledge views, the open matches
/// (proposed, approved and in-flight approvals), the rejected pairs and what cancelled flows released. Loaded whole
/// once, then brought up to date each round with only what the store wrote since the two sequences last seen: the view
/// sequence (every view write) and the match change sequence (every write of a match, whoever made it: this replica's
/// rounds, a decision taken on any replica, a release). The store hands both out in commit order, so a "changed after
/// N" read misses nothing any replica wrote. A store whose sequence is behind the cache's (restored, or replaced), an
/// explicit rebuild, or an error half-way make the next round load everything again.
/// </summary>
public sealed class MarketCache
{
    private readonly Dictionary<string, NeedView> _needs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PledgeView> _pledges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Match> _open = new(StringComparer.Ordinal);
    private readonly HashSet<(string NeedId, string PledgeId)> _rejected = [];
    private readonly Dictionary<string, MatchRelease> _releases = new(StringComparer.Ordinal);

    /// <summary>The store's view sequence the cache is complete up to; null before the first load.</summary>
    public long? Sequence { get; private set; }

    /// <summary>The store's match change sequence the cache is complete up to; null before the first load.</summary>
    public long? MatchSequence { get; private set; }

    public IReadOnlyCollection<NeedView> Needs => _needs.Values;

    public IReadOnlyCollection<PledgeView> Pledges => _pledges.Values;

    /// <summary>The proposed and approved matches, including approvals in flight.</summary>
    public IReadOnlyCollection<Match> OpenMatches => _open.Values;

    public IReadOnlySet<(string NeedId, string PledgeId)> RejectedPairs => _rejected;

    public IReadOnlyDictionary<string, MatchRelease> Releases => _releases;

    /// <summary>Rounds that read only the changes, and rounds that read everything.</summary>
    public int ChangeLoads { get; private set; }

    public int FullLoads { get; private set; }

    /// <summary>Whether the last load read everything.</summary>
    public bool LastLoadWasFull { get; private set; }

    /// <summary>Reads what changed when the cache is current, everything otherwise; returns what was read.</summary>
    public async Task<RoundInput> LoadAsync(IMatchingStore store, bool rebuild, CancellationToken ct)
    {
        if (!rebuild && Sequence is { } views && MatchSequence is { } matches)
        {
            var changes = await store.LoadRoundChangesAsync(views, matches, ct);
            if (changes.ViewSequence >= views && changes.MatchSequence >= matches)
            {
                Merge(changes);
                ChangeLoads++;
                LastLoadWasFull = false;
                return changes;
            }
        }

        var input = await store.LoadRoundInputAsync(ct);
        Clear();
        Merge(input);
        FullLoads++;
        LastLoadWasFull = true;
        return input;
    }

    /// <summary>Forgets everything, so the next round loads everything (after an error the cache may be incomplete).</summary>
    public void Reset()
    {
        Clear();
        Sequence = null;
        MatchSequence = null;
    }

    private void Clear()
    {
        _needs.Clear();
        _pledges.Clear();
        _open.Clear();
        _rejected.Clear();
        _releases.Clear();
    }

    private void Merge(RoundInput input)
    {
        foreach (var need in input.Needs)
        {
            if (!_needs.TryGetValue(need.Id, out var kept) || kept.Version <= need.Version) _needs[need.Id] = need;
        }

        foreach (var pledge in input.Pledges)
        {
            if (!_pledges.TryGetValue(pledge.Id, out var kept) || kept.Version <= pledge.Version) _pledges[pledge.Id] = pledge;
        }

        // A match's writes are read in sequence order, and each read holds its latest state only: the last one wins.
        foreach (var id in input.ClosedMatchIds) _open.Remove(id);
        foreach (var match in input.OpenMatches) _open[match.Id] = match;
        _rejected.UnionWith(input.RejectedPairs);
        foreach (var (id, release) in input.Releases) _releases[id] = release;

        Sequence = input.ViewSequence;
        MatchSequence = input.MatchSequence;
    }
}
