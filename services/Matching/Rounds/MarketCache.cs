using Marketplace.Contracts;
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
/// <para>
/// Beside the market it keeps what a round derives from it per need and pledge (the open matches of each, so approved
/// sums and remainders are computed for what changed, not the whole market; the referred needs and the Fund's pledges)
/// and what changed since the last round took the changes (<see cref="TakeChanges"/>): the needs and pledges whose view or
/// matches changed, the proposals that left the proposals (approved, rejected, dropped), the pairs rejected. A round's own
/// writes are recorded when it writes them (<see cref="Record"/>), so reading them back changes nothing.
/// </para>
/// </summary>
public sealed class MarketCache
{
    private readonly Dictionary<string, Dictionary<string, Match>> _openByNeed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Match>> _openByPledge = new(StringComparer.Ordinal);
    private readonly Dictionary<(string NeedId, string PledgeId), Match> _proposedByPair = [];
    private readonly HashSet<string> _referred = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fundPledges = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedNeeds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedPledges = new(StringComparer.Ordinal);
    private readonly HashSet<(string NeedId, string PledgeId)> _takenOff = [];
    private readonly HashSet<(string NeedId, string PledgeId)> _newlyRejected = [];

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

    /// <summary>The referred needs (for the MIRPS Fund stage) and the Fund's pledges, whatever their state.</summary>
    public IReadOnlySet<string> ReferredNeeds => _referred;

    public IReadOnlySet<string> FundPledges => _fundPledges;

    /// <summary>The proposals (status proposed) by pair, their number and their USD cents.</summary>
    public IReadOnlyDictionary<(string NeedId, string PledgeId), Match> ProposedByPair => _proposedByPair;

    public long ProposedUsdCents { get; private set; }

    public NeedView? Need(string id) => _needs.GetValueOrDefault(id);

    public PledgeView? Pledge(string id) => _pledges.GetValueOrDefault(id);

    /// <summary>The open matches of a need or of a pledge.</summary>
    public IEnumerable<Match> OpenOfNeed(string needId) => _openByNeed.TryGetValue(needId, out var open) ? open.Values : [];

    public IEnumerable<Match> OpenOfPledge(string pledgeId) => _openByPledge.TryGetValue(pledgeId, out var open) ? open.Values : [];

    /// <summary>What a need's approved matches hold (approvals in flight included), less what cancelled flows released.</summary>
    public long ApprovedNeedMinor(string needId) =>
        OpenOfNeed(needId).Where(m => m.Status != MatchStatus.Proposed).Sum(m => m.NeedAmount.Minor - (_releases.GetValueOrDefault(m.Id)?.NeedMinor ?? 0));

    public long ApprovedPledgeMinor(string pledgeId) =>
        OpenOfPledge(pledgeId).Where(m => m.Status != MatchStatus.Proposed).Sum(m => m.Amount.Minor - (_releases.GetValueOrDefault(m.Id)?.PledgeMinor ?? 0));

    /// <summary>A need's remainder in its currency after approvals (in flight or settled, less what cancelled flows released).</summary>
    public long NeedRemainingMinor(NeedView need) => Math.Max(0, need.AmountMinor - Math.Max(need.FundedMinor, ApprovedNeedMinor(need.Id)));

    public long PledgeRemainingMinor(PledgeView pledge) =>
        Math.Max(0, pledge.AmountMinor - Math.Max(pledge.AllocatedMinor, ApprovedPledgeMinor(pledge.Id)));

    /// <summary>The needs and pledges whose view or matches changed, the pairs whose proposal left, and the pairs newly rejected, since the last call.</summary>
    public MarketChanges TakeChanges()
    {
        var changes = new MarketChanges([.. _changedNeeds], [.. _changedPledges], [.. _takenOff], [.. _newlyRejected]);
        _changedNeeds.Clear();
        _changedPledges.Clear();
        _takenOff.Clear();
        _newlyRejected.Clear();
        return changes;
    }

    /// <summary>
    /// A round's own writes, once stored: its superseded proposals leave and its new ones join, so the next read of them
    /// changes nothing. The pairs the engine allocated but the round could not propose (<paramref name="dropped"/>) count as
    /// taken off at the next round, as does a proposal decided meanwhile.
    /// </summary>
    public void Record(IEnumerable<Match> added, IEnumerable<string> superseded, IEnumerable<(string NeedId, string PledgeId)> dropped)
    {
        foreach (var id in superseded) RemoveOpen(id);
        foreach (var match in added) SetOpen(match);
        _takenOff.UnionWith(dropped);
    }

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
        _openByNeed.Clear();
        _openByPledge.Clear();
        _proposedByPair.Clear();
        ProposedUsdCents = 0;
        _referred.Clear();
        _fundPledges.Clear();
        TakeChanges();
    }

    private void SetOpen(Match match)
    {
        RemoveOpen(match.Id);
        _open[match.Id] = match;
        Index(_openByNeed, match.NeedId)[match.Id] = match;
        Index(_openByPledge, match.PledgeId)[match.Id] = match;
        if (match.Status == MatchStatus.Proposed)
        {
            _proposedByPair[(match.NeedId, match.PledgeId)] = match;
            ProposedUsdCents += match.UsdCents;
        }
    }

    private void RemoveOpen(string id)
    {
        if (!_open.Remove(id, out var match)) return;
        _openByNeed[match.NeedId].Remove(id);
        _openByPledge[match.PledgeId].Remove(id);
        if (match.Status == MatchStatus.Proposed && _proposedByPair.Remove((match.NeedId, match.PledgeId)))
        {
            ProposedUsdCents -= match.UsdCents;
        }
    }

    private static Dictionary<string, Match> Index(Dictionary<string, Dictionary<string, Match>> index, string key)
    {
        if (!index.TryGetValue(key, out var matches)) index[key] = matches = new Dictionary<string, Match>(StringComparer.Ordinal);
        return matches;
    }

    // A match written since the last read: its need and pledge change; a proposal that is no longer one was taken off.
    private void Changed(Match before, Match? after)
    {
        _changedNeeds.Add(before.NeedId);
        _changedPledges.Add(before.PledgeId);
        if (before.Status == MatchStatus.Proposed && after?.Status != MatchStatus.Proposed) _takenOff.Add((before.NeedId, before.PledgeId));
    }

    private void Merge(RoundInput input)
    {
        foreach (var need in input.Needs)
        {
            if (_needs.TryGetValue(need.Id, out var kept) && kept.Version > need.Version) continue;
            _needs[need.Id] = need;
            _changedNeeds.Add(need.Id);
            if (need.Referred) _referred.Add(need.Id);
            else _referred.Remove(need.Id);
        }

        foreach (var pledge in input.Pledges)
        {
            if (_pledges.TryGetValue(pledge.Id, out var kept) && kept.Version > pledge.Version) continue;
            _pledges[pledge.Id] = pledge;
            _changedPledges.Add(pledge.Id);
            if (pledge.Donor == Codelists.Fund) _fundPledges.Add(pledge.Id);
        }

        // A match's writes are read in sequence order, and each read holds its latest state only: the last one wins.
        foreach (var id in input.ClosedMatchIds)
        {
            if (!_open.TryGetValue(id, out var before)) continue;
            Changed(before, null);
            RemoveOpen(id);
        }

        foreach (var match in input.OpenMatches)
        {
            if (_open.TryGetValue(match.Id, out var before))
            {
                if (before.Version == match.Version) continue;
                Changed(before, match);
            }

            _changedNeeds.Add(match.NeedId);
            _changedPledges.Add(match.PledgeId);
            SetOpen(match);
        }

        foreach (var pair in input.RejectedPairs)
        {
            if (_rejected.Add(pair)) _newlyRejected.Add(pair);
        }

        foreach (var (id, release) in input.Releases)
        {
            _releases[id] = release;
            if (_open.TryGetValue(id, out var match))
            {
                _changedNeeds.Add(match.NeedId);
                _changedPledges.Add(match.PledgeId);
            }
        }

        Sequence = input.ViewSequence;
        MatchSequence = input.MatchSequence;
    }
}
