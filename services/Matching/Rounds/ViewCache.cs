using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// The need and pledge views a replica's rounds work on, kept in memory between rounds: loaded whole once, then
/// brought up to date each round with only the views the store wrote since the view sequence last seen. The store
/// hands out view sequences in commit order, so a "changed after N" read misses nothing written by any replica's
/// consumers; a store whose sequence is behind the cache's (restored, or replaced) makes the next round load
/// everything again.
/// </summary>
public sealed class ViewCache
{
    private readonly Dictionary<string, NeedView> _needs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PledgeView> _pledges = new(StringComparer.Ordinal);

    /// <summary>The store's view sequence the cache is complete up to; null before the first load.</summary>
    public long? Sequence { get; private set; }

    public IReadOnlyCollection<NeedView> Needs => _needs.Values;

    public IReadOnlyCollection<PledgeView> Pledges => _pledges.Values;

    /// <summary>Rounds that read only the changed views, and rounds that read every view.</summary>
    public int ChangeLoads { get; private set; }

    public int FullLoads { get; private set; }

    /// <summary>Reads what the round needs: the changed views when the cache is current, every view otherwise.</summary>
    public async Task<RoundInput> LoadAsync(IMatchingStore store, bool rebuild, CancellationToken ct)
    {
        if (!rebuild && Sequence is { } known)
        {
            var changes = await store.LoadRoundChangesAsync(known, ct);
            if (changes.ViewSequence >= known)
            {
                Merge(changes);
                ChangeLoads++;
                return changes;
            }
        }

        var input = await store.LoadRoundInputAsync(ct);
        _needs.Clear();
        _pledges.Clear();
        Merge(input);
        FullLoads++;
        return input;
    }

    /// <summary>Forgets everything, so the next round loads every view (after an error the cache may be incomplete).</summary>
    public void Reset()
    {
        _needs.Clear();
        _pledges.Clear();
        Sequence = null;
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

        Sequence = input.ViewSequence;
    }
}
