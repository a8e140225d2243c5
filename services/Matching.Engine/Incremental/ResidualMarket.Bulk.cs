namespace Marketplace.Matching.Engine.Incremental;

// Bulk filling. A change that much of the market reaches (a large critical need added, a withdrawn pledge behind
// several gaps, a large pledge added) is settled by hundreds of augmenting paths into the same gap or out of the same
// pledge, and each best-first search for one of them opens the same pledges again and offers them thousands of needs
// before it finds the gap, without lowering any potential (the gap it finds is as heavy as they are); and the raise
// behind a new gap lifts the bounds of everything that reaches it, which a search then has to explore and lower again
// once the gap is full. So the gaps a round's changes open (but the lightest, which only unused money can fill) are
// filled in bulk before anything is raised (FillFreshGaps, from FlushRaises): a gap filled there raises nothing. And
// after BulkAfter paths into one gap, or out of one pledge, within a pass, the rest is filled in bulk too. A bulk pass
// is a breadth-first search over the residual network that serves every source, or every gap, at once:
//
// - FillGap (into gaps): one breadth-first search backwards from the gap and the other gaps of its weight that opened
//   since the last settled round, to the end of the part of the market that reaches them (or until the unused money
//   found covers them), then one augmenting path per source along the search tree: the pledges with unused money
//   first (they gain the whole weight), then the funded needs lighter than the gap, lightest first (each path gains
//   the difference, and the gap it leaves is the least worth filling). Each path is bounded by the source's money, the
//   money on the pairs it takes back, a capped pair's room and what the gaps still lack, so the paths of one tree stay
//   feasible one after the other. Another search follows while a pass moved money and a gap is left, unless the search
//   went to the end of what reaches the gaps and every source it found gave all it had.
// - FillFromPledge (out of a pledge): tier by tier, heaviest weight first, one breadth-first search forwards from the
//   pledge through the nodes whose potential reaches the tier (the others provably reach no gap that heavy), then one
//   augmenting path per gap of that weight found, along the search tree, while the pledge has money. A search that
//   finds no such gap has visited everything the pledge reaches through nodes of that potential, so every node it
//   expanded reaches nothing of that weight: their potentials are lowered to the next lighter weight, as a best-first
//   search lowers what it proved, and the next tier starts there.
//
// Every path moves money from a source of less weight (unused money: none) to a heavier gap along pairs with room and
// pairs that carry money, as a search's path would, and every pair it changes goes through AddPair and every gap it
// opens through GapOpened, so the raises keep the potentials valid; a bulk pass decides nothing alone: the searches
// of Optimize still run until no node's potential says it may improve, which is the optimality condition. A bulk pass
// only replaces many searches that would each find one path. Only pairs on the paths used change.
internal sealed partial class ResidualMarket
{
    // Augmenting paths into one gap, or out of one pledge, within a pass before the rest is filled in bulk (the tests
    // set 1 so that every path after the first goes through a bulk pass).
    public int BulkAfter { get; set; } = DefaultBulkAfter;

    public const int DefaultBulkAfter = 2;

    // Per pass: the searches' paths into each gap (see Hit).
    private readonly Dictionary<int, int> _gapHits = [];
    // Gaps opened or grown since the last settled round (GapOpened): the other targets of a backward bulk pass.
    private readonly HashSet<int> _freshGaps = [];
    private bool _bulkForward;
    private bool _optimizing;
    private bool _bulkBackward;
    private long _bulkWeight;
    private long _unusedFound;
    private readonly List<int> _unusedSources = [];
    private readonly List<int> _needSources = [];
    private readonly List<int> _bulkTargets = [];

    // For the tests: the nodes whose potential is below the heaviest gap they reach by a plain breadth-first search over
    // the residual network (every eligible pair with room, every pair that carries money, minimum-ticket pairs fixed).
    // The searches would miss such a node, so a settled round must leave none, whatever its bulk passes did.
    internal IReadOnlyList<string> InvalidPotentials()
    {
        var invalid = new List<string>();
        for (var need = 0; _potentials && need < _needs.Count; need++)
        {
            if (_needs[need] is { } input && HeaviestGapReached(true, need) is var reached && _needPotential[need] < reached)
            {
                invalid.Add($"need {input.Id}: potential {_needPotential[need]}, reaches {reached}");
            }
        }

        for (var pledge = 0; _potentials && pledge < _pledges.Count; pledge++)
        {
            if (_pledges[pledge] is { } input && !Rigid(pledge) && HeaviestGapReached(false, pledge) is var reached && _pledgePotential[pledge] < reached)
            {
                invalid.Add($"pledge {input.Id}: potential {_pledgePotential[pledge]}, reaches {reached}");
            }
        }

        return invalid;
    }

    private long HeaviestGapReached(bool startIsNeed, int start)
    {
        var needsSeen = new HashSet<int>();
        var pledgesSeen = new HashSet<int>();
        var queue = new Queue<(bool IsNeed, int Slot)>();
        queue.Enqueue((startIsNeed, start));
        _ = startIsNeed ? needsSeen.Add(start) : pledgesSeen.Add(start);
        long heaviest = 0;
        while (queue.TryDequeue(out var node))
        {
            if (node.IsNeed)
            {
                heaviest = HasGap(node.Slot) ? Math.Max(heaviest, _needWeight[node.Slot]) : heaviest;
                foreach (var pledge in _needPairs[node.Slot].Keys.Where(p => !Rigid(p) && pledgesSeen.Add(p)))
                {
                    queue.Enqueue((false, pledge));
                }

                continue;
            }

            for (var need = 0; need < _needs.Count; need++)
            {
                if (_needs[need] is { } input && !needsSeen.Contains(need) && Eligibility.IsEligible(input, _pledges[node.Slot]!)
                    && Room(node.Slot, need) > 0 && needsSeen.Add(need))
                {
                    queue.Enqueue((true, need));
                }
            }
        }

        return heaviest;
    }

    /// <summary>Bulk passes run so far (both directions), for the benchmark's trace.</summary>
    public int BulkPasses { get; private set; }

    // A search found a path into this gap; past BulkAfter paths in one pass the rest of the gap is filled in bulk.
    private void Hit(int need)
    {
        var hits = _gapHits.GetValueOrDefault(need) + 1;
        _gapHits[need] = hits;
        if (hits >= BulkAfter && HasGap(need))
        {
            _gapHits[need] = 0;
            FillGap(need);
        }
    }

    // While a round's changes wait to be raised (FlushRaises): the gaps they opened are filled in bulk first, heaviest
    // weight first, so that a gap filled here raises nothing (see the top). Not the gaps this opens in the lighter needs
    // it takes money from, nor gaps of the lightest weight: only unused money can fill those, and the bounds raised
    // behind them find it without a walk over all that reaches them.
    private void FillFreshGaps()
    {
        var opened = _freshGaps.Where(gap => _needs[gap] is not null && _needWeight[gap] > _distinctWeights[0]).ToList();
        foreach (var weight in _distinctWeights.Reverse())
        {
            var first = opened.Where(gap => _needWeight[gap] == weight && HasGap(gap)).DefaultIfEmpty(-1).Min();
            if (first >= 0)
            {
                FillGap(first);
            }
        }
    }

    // Fills the gap, and the fresh gaps of its weight, from every source that reaches them (see the top).
    private void FillGap(int need)
    {
        var weight = _needWeight[need];
        var thorough = false;
        while (!OverBudget)
        {
            _bulkTargets.Clear();
            _bulkTargets.Add(need);
            foreach (var gap in _freshGaps)
            {
                if (gap != need && _needs[gap] is not null && _needWeight[gap] == weight && HasGap(gap))
                {
                    _bulkTargets.Add(gap);
                }
            }

            _freshGaps.RemoveWhere(gap => _needs[gap] is null || !HasGap(gap));
            _bulkTargets.Sort();
            var missing = _bulkTargets.Sum(gap => _gap[gap] - _funded[gap]);
            if (missing <= 0)
            {
                return;
            }

            BulkPasses++;
            var exhaustive = SearchSourcesBackward(weight, thorough ? long.MaxValue : missing);
            var moved = false;
            foreach (var source in _unusedSources)
            {
                if (missing <= 0)
                {
                    break;
                }

                var delta = AugmentAlongTree(source, originIsNeed: false);
                missing -= delta;
                moved |= delta > 0;
            }

            foreach (var source in _needSources.OrderBy(n => _needWeight[n]).ToList())
            {
                if (missing <= 0)
                {
                    break;
                }

                var delta = AugmentAlongTree(source, originIsNeed: true);
                missing -= delta;
                moved |= delta > 0;
            }

            // When the search went to the end of what reaches the gaps and no source it found kept money that a used-up
            // pair of its tree held back, another search would find nothing more: the rest is left to the searches.
            var held = missing > 0 && (_unusedSources.Exists(p => _supply[p] > _used[p]) || _needSources.Exists(n => _funded[n] > 0));
            _unusedSources.Clear();
            _needSources.Clear();
            if (moved && exhaustive && !held)
            {
                return;
            }

            if (!moved)
            {
                // The unused money found first may all sit behind pairs that earlier paths used up: look once more,
                // to the end of what reaches the gaps, before leaving the rest to the searches.
                if (exhaustive || thorough)
                {
                    return;
                }

                thorough = true;
            }
        }
    }

    // Breadth-first backwards from the targets (several roots, no link): every pledge with unused money and every
    // funded need lighter than the weight it reaches, in the order found, until the unused money found covers what the
    // targets lack.
    private bool SearchSourcesBackward(long weight, long missing)
    {
        BeginSearch();
        foreach (var target in _bulkTargets)
        {
            _needSeen[target] = _stamp;
            _needLink[target] = -1;
            _queue.Enqueue((true, target));
        }

        _unusedFound = 0;
        _bulkBackward = true;
        try
        {
            while (_queue.Count > 0 && _unusedFound < missing && !OverBudget)
            {
                var (isNeed, slot) = _queue.Dequeue();
                Work++;
                if (isNeed)
                {
                    if (_needLink[slot] >= 0 && _funded[slot] > 0 && _needWeight[slot] < weight)
                    {
                        _needSources.Add(slot);
                    }

                    ExpandNeedBackward(slot);
                    continue;
                }

                Work += _pledgePairs[slot].Count;
                foreach (var (need, _) in _pledgePairs[slot])
                {
                    if (_needSeen[need] != _stamp && _needs[need] is not null)
                    {
                        _needSeen[need] = _stamp;
                        _needLink[need] = slot;
                        _queue.Enqueue((true, need));
                    }
                }
            }

            return _queue.Count == 0 && !OverBudget;
        }
        finally
        {
            _bulkBackward = false;
            _queue.Clear();
        }
    }

    // One augmenting path from the source along the backward search tree to its root gap: the source's money (unused
    // money, or what a funded need holds), the pairs it takes money back from, the capped pairs' room and the root's
    // gap bound it. Returns the amount moved (0 when an earlier path of the same tree used up a part of this one).
    private long AugmentAlongTree(int origin, bool originIsNeed)
    {
        var delta = originIsNeed ? _funded[origin] : _supply[origin] - _used[origin];
        var isNeed = originIsNeed;
        var slot = origin;
        while (delta > 0)
        {
            Work++;
            if (isNeed)
            {
                var pledge = _needLink[slot];
                if (pledge < 0)
                {
                    break;
                }

                delta = Math.Min(delta, _needPairs[slot].GetValueOrDefault(pledge));
                (isNeed, slot) = (false, pledge);
            }
            else
            {
                var need = _pledgeLink[slot];
                delta = Math.Min(delta, Room(slot, need));
                (isNeed, slot) = (true, need);
            }
        }

        if (delta <= 0)
        {
            return 0;
        }

        var root = slot;
        delta = Math.Min(delta, _gap[root] - _funded[root]);
        if (delta <= 0)
        {
            return 0;
        }

        if (originIsNeed)
        {
            _funded[origin] -= delta;
        }
        else
        {
            _used[origin] += delta;
        }

        MoveAlongLinks(originIsNeed, origin, targetIsNeed: true, root, delta);

        _funded[root] += delta;
        if (originIsNeed)
        {
            GapOpened(origin);
        }

        Augmentations++;
        return delta;
    }

    // Places the pledge's unused money tier by tier, heaviest first (see the top).
    private void FillFromPledge(int pledge)
    {
        foreach (var weight in _distinctWeights.Reverse())
        {
            while (!OverBudget && HasUnusedMoney(pledge) && _pledgePotential[pledge] >= weight)
            {
                BulkPasses++;
                var exhaustive = SearchGapsForward(pledge, weight);
                var moved = false;
                foreach (var target in _bulkTargets)
                {
                    if (!HasUnusedMoney(pledge))
                    {
                        break;
                    }

                    moved |= AugmentToTarget(pledge, target) > 0;
                }

                if (_bulkTargets.Count == 0 && exhaustive)
                {
                    // Nothing the pledge reaches through nodes of this potential has a gap this heavy.
                    var lower = _distinctWeights.Where(w => w < weight).DefaultIfEmpty(0).Max();
                    foreach (var (isNeed, slot) in _expanded)
                    {
                        if (isNeed)
                        {
                            _needPotential[slot] = Math.Min(_needPotential[slot], lower);
                        }
                        else
                        {
                            _pledgePotential[slot] = Math.Min(_pledgePotential[slot], lower);
                        }
                    }
                }

                if (!moved)
                {
                    break;
                }
            }
        }
    }

    // Breadth-first forwards from the pledge through nodes whose potential reaches the weight, listing every need
    // with a gap at least that heavy in the order found; stops early once those gaps hold more than the pledge's
    // unused money. True when it ran to the end (then the nodes expanded are exactly those listed in _expanded).
    private bool SearchGapsForward(int pledge, long weight)
    {
        ResetSearch();
        _bulkTargets.Clear();
        _bulkWeight = weight;
        _pledgeSeen[pledge] = _stamp;
        _pledgeLink[pledge] = -1;
        _queue.Enqueue((false, pledge));
        var money = _supply[pledge] - _used[pledge];
        long found = 0;
        _bulkForward = true;
        try
        {
            while (_queue.Count > 0 && !OverBudget)
            {
                if (found > money)
                {
                    return false;
                }

                var (isNeed, slot) = _queue.Dequeue();
                Work++;
                _expanded.Add((isNeed, slot));
                if (!isNeed)
                {
                    var before = _bulkTargets.Count;
                    ExpandPledgeBest(slot);
                    for (var i = before; i < _bulkTargets.Count; i++)
                    {
                        found += _gap[_bulkTargets[i]] - _funded[_bulkTargets[i]];
                    }

                    continue;
                }

                Work += _needPairs[slot].Count;
                foreach (var (funder, _) in _needPairs[slot])
                {
                    if (_pledgeSeen[funder] != _stamp && !Rigid(funder))
                    {
                        _pledgeSeen[funder] = _stamp;
                        _pledgeLink[funder] = slot;
                        if (_pledgePotential[funder] >= weight)
                        {
                            _queue.Enqueue((false, funder));
                        }
                    }
                }
            }

            return !OverBudget;
        }
        finally
        {
            _bulkForward = false;
            _queue.Clear();
        }
    }

    // A need reached by the forward bulk search: a gap of the tier's weight or more is a target; it is looked through
    // when its potential reaches the tier.
    private void ReachedInBulk(int pledge, int need)
    {
        _needSeen[need] = _stamp;
        _needLink[need] = pledge;
        Work++;
        if (HasGap(need) && _needWeight[need] >= _bulkWeight)
        {
            _bulkTargets.Add(need);
        }

        if (_needPotential[need] >= _bulkWeight)
        {
            _queue.Enqueue((true, need));
        }
    }

    // One augmenting path from the pledge along the forward search tree to the target: the pledge's unused money,
    // the target's gap, the pairs it takes money back from and the capped pairs' room bound it.
    private long AugmentToTarget(int start, int target)
    {
        var delta = Math.Min(_supply[start] - _used[start], _gap[target] - _funded[target]);
        if (delta <= 0)
        {
            return 0;
        }

        // The pairs of the tree may have lost money or room to an earlier path of the same search.
        var need = target;
        while (delta > 0)
        {
            Work++;
            var funder = _needLink[need];
            delta = Math.Min(delta, Room(funder, need));
            if (funder == start)
            {
                break;
            }

            need = _pledgeLink[funder];
            delta = Math.Min(delta, _needPairs[need].GetValueOrDefault(funder));
        }

        if (delta <= 0)
        {
            return 0;
        }

        ApplyForward(target, start, startIsNeed: false, delta);
        _used[start] += delta;
        _funded[target] += delta;
        Augmentations++;
        return delta;
    }
}
