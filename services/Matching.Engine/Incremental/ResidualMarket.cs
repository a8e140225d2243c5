namespace Marketplace.Matching.Engine.Incremental;

// The market as a flow network kept between rounds: source/sink merged into one hub H, arcs H → pledge
// (its unused money, cost 0), pledge → need for every allowed pair (cost 0, capacity the pledge's cap or
// unbounded), need → H (its gap, cost −weight). A flow is optimal exactly when its residual network has no
// negative cycle, and every cycle's cost is decided where it passes H: it enters H through a need with a gap
// (−w) or a pledge giving money back (0), and leaves through a funded need (+w) or a pledge with unused money
// (0). So after a change, every negative cycle passes through a changed node, and successive shortest paths
// from each imbalance restore optimality (the successive-shortest-path invariant): a shortest path here is a
// breadth-first search for the best end, since no other arc costs anything.
//
// The state is kept per pair (pledge, need, amount), which is what a proposal is, so a change moves only the
// pairs on its augmenting paths: proposals the change does not touch stay as they are.
//
// Pledges with a minimum ticket are not moved here (x = 0 or x ≥ min is no flow constraint): their pairs are
// fixed between full solves, and any change to such a pledge asks for a full solve.
internal sealed class ResidualMarket
{
    private const string Any = "\u0000any";
    private const long Unbounded = long.MaxValue / 4;

    private readonly PriorityWeights _weights;

    private readonly List<NeedInput?> _needs = [];
    private readonly List<long> _needWeight = [];
    private readonly List<long> _gap = [];
    private readonly List<long> _funded = [];
    private readonly List<Dictionary<int, long>> _needPairs = [];
    private readonly List<int[]> _needClasses = [];
    private readonly Dictionary<string, int> _needSlots = new(StringComparer.Ordinal);

    private readonly List<PledgeInput?> _pledges = [];
    private readonly List<long> _supply = [];
    private readonly List<long> _used = [];
    private readonly List<Dictionary<int, long>> _pledgePairs = [];
    private readonly List<bool> _restricted = [];
    private readonly Dictionary<string, int> _pledgeSlots = new(StringComparer.Ordinal);
    private readonly HashSet<(int Pledge, int Need)> _forbidden = [];

    // Need classes (country, sector, instrument, window) by (country, sector, instrument) cell, and the cells
    // present per instrument, so a pledge's earmark finds its classes by lookup.
    private readonly List<NeedClassSlot> _classes = [];
    private readonly Dictionary<(string, string, string, DateOnly?, DateOnly?), int> _classIds = [];
    private readonly Dictionary<(string Country, string Sector, string Instrument), List<int>> _classesByCell = [];
    private readonly Dictionary<string, HashSet<(string Country, string Sector)>> _cellsByInstrument = new(StringComparer.Ordinal);

    // Movable pledges by (country or any, sector or any, instrument) cell; unrestricted ones are eligible for
    // every need of a cell whose window overlaps theirs, restricted ones (cap or forbidden pairs) are checked per pair.
    private readonly Dictionary<(string, string, string), HashSet<int>> _openPledgesByCell = [];
    private readonly Dictionary<(string, string, string), HashSet<int>> _restrictedPledgesByCell = [];

    // Search scratch, stamped so that nothing is cleared between searches.
    private int _stamp;
    private int[] _needSeen = [];
    private int[] _pledgeSeen = [];
    private int[] _classSeen = [];
    private int[] _needLink = [];
    private int[] _pledgeLink = [];
    // Per search: the pledge cells already scanned for a need window, with the restricted pledges that had no room
    // for the need that scanned them (a later need of the same window may still reach them).
    private readonly Dictionary<((string, string, string) Cell, DateOnly?, DateOnly?), List<int>> _cellWindowsSeen = [];
    private readonly Queue<(bool IsNeed, int Slot)> _queue = new();

    public ResidualMarket(PriorityWeights weights) => _weights = weights;

    public int Augmentations { get; private set; }

    // Nodes and pairs the searches visited so far: the work measure of the cost model (see IncrementalMatchingEngine).
    public long Work { get; private set; }

    // Once Work reaches this, the augmenting loops stop and the round is handed to the full engine.
    public long WorkLimit { get; set; } = long.MaxValue;

    public bool OverBudget => Work >= WorkLimit;

    // The size of the kept market: live needs and pledges and the pairs that carry money.
    public long Size => _needSlots.Count + _pledgeSlots.Count + _needPairs.Sum(p => (long)p.Count);

    public IEnumerable<NeedInput> Needs => _needs.OfType<NeedInput>();

    public NeedInput? NeedById(string id) => _needSlots.TryGetValue(id, out var slot) ? _needs[slot] : null;

    public PledgeInput? PledgeById(string id) => _pledgeSlots.TryGetValue(id, out var slot) ? _pledges[slot] : null;

    public long NeedRemaining(string id) => _gap[_needSlots[id]];

    public long PledgeRemaining(string id) => _supply[_pledgeSlots[id]];

    public bool IsForbidden(string needId, string pledgeId) =>
        _needSlots.TryGetValue(needId, out var n) && _pledgeSlots.TryGetValue(pledgeId, out var p) && _forbidden.Contains((p, n));

    public IEnumerable<PledgeInput> Pledges => _pledges.OfType<PledgeInput>();

    public static bool IsRigid(PledgeInput pledge) => pledge.MinAllocationUsdCents is > 1;

    public IEnumerable<Allocation> Allocations()
    {
        for (var need = 0; need < _needs.Count; need++)
        {
            if (_needs[need] is not { } input)
            {
                continue;
            }

            foreach (var (pledge, amount) in _needPairs[need])
            {
                yield return new Allocation(input.Id, _pledges[pledge]!.Id, amount);
            }
        }
    }

    public long Objective()
    {
        long objective = 0;
        for (var need = 0; need < _needs.Count; need++)
        {
            objective += _needs[need] is null ? 0 : _needWeight[need] * _funded[need];
        }

        return objective;
    }

    public void AddNeed(NeedInput need)
    {
        var slot = _needs.Count;
        _needs.Add(need);
        _needWeight.Add(_weights.Of(need.Priority));
        _gap.Add(Math.Max(0, need.RemainingUsdCents));
        _funded.Add(0);
        _needPairs.Add([]);
        _needSlots.Add(need.Id, slot);
        var classes = new List<int>();
        foreach (var instrument in need.Instruments.Order(StringComparer.Ordinal))
        {
            var key = (need.Country, need.Sector, instrument, need.StartDate, need.EndDate);
            if (!_classIds.TryGetValue(key, out var id))
            {
                id = _classes.Count;
                _classIds.Add(key, id);
                _classes.Add(new NeedClassSlot(need.StartDate, need.EndDate));
                var cell = (need.Country, need.Sector, instrument);
                if (!_classesByCell.TryGetValue(cell, out var list))
                {
                    _classesByCell[cell] = list = [];
                }

                list.Add(id);
                if (!_cellsByInstrument.TryGetValue(instrument, out var cells))
                {
                    _cellsByInstrument[instrument] = cells = [];
                }

                cells.Add((need.Country, need.Sector));
            }

            _classes[id].Needs.Add(slot);
            classes.Add(id);
        }

        _needClasses.Add([.. classes]);
        Grow();
    }

    // Takes the need's allocations off; returns the pledges whose money that freed.
    public IReadOnlyList<int> RemoveNeed(string id)
    {
        var slot = _needSlots[id];
        var freed = _needPairs[slot].Keys.ToList();
        foreach (var pledge in freed)
        {
            TakeOff(pledge, slot);
        }

        foreach (var id2 in _needClasses[slot])
        {
            _classes[id2].Needs.Remove(slot);
        }

        _needSlots.Remove(id);
        _needs[slot] = null;
        _gap[slot] = 0;
        return freed;
    }

    public bool NeedHasRigidPairs(string id) => _needPairs[_needSlots[id]].Keys.Any(p => IsRigid(_pledges[p]!));

    public void AddPledge(PledgeInput pledge)
    {
        var slot = _pledges.Count;
        _pledges.Add(pledge);
        _supply.Add(Math.Max(0, pledge.RemainingUsdCents));
        _used.Add(0);
        _pledgePairs.Add([]);
        _restricted.Add(pledge.MaxAllocationUsdCents is not null);
        _pledgeSlots.Add(pledge.Id, slot);
        if (!IsRigid(pledge))
        {
            foreach (var cell in CellsOf(pledge))
            {
                CellSet(_restricted[slot] ? _restrictedPledgesByCell : _openPledgesByCell, cell).Add(slot);
            }
        }

        Grow();
    }

    // Takes the pledge's allocations off; returns the needs whose gap that reopened.
    public IReadOnlyList<int> RemovePledge(string id)
    {
        var slot = _pledgeSlots[id];
        var reopened = _pledgePairs[slot].Keys.ToList();
        foreach (var need in reopened)
        {
            TakeOff(slot, need);
        }

        foreach (var cell in CellsOf(_pledges[slot]!))
        {
            CellSet(_openPledgesByCell, cell).Remove(slot);
            CellSet(_restrictedPledgesByCell, cell).Remove(slot);
        }

        _pledgeSlots.Remove(id);
        _pledges[slot] = null;
        _supply[slot] = 0;
        return reopened;
    }

    // Seeds or moves one allocation without any search (used to load a full solve's result).
    public void Put(string needId, string pledgeId, long amount)
    {
        var need = _needSlots[needId];
        var pledge = _pledgeSlots[pledgeId];
        AddFlow(pledge, need, amount);
    }

    public long AmountOf(string needId, string pledgeId) =>
        _needSlots.TryGetValue(needId, out var need) && _pledgeSlots.TryGetValue(pledgeId, out var pledge)
            ? _needPairs[need].GetValueOrDefault(pledge)
            : 0;

    // Takes one allocation off (it was approved, rejected or dropped); returns (pledge, need) slots.
    public (int Pledge, int Need) TakeOff(string needId, string pledgeId)
    {
        var need = _needSlots[needId];
        var pledge = _pledgeSlots[pledgeId];
        TakeOff(pledge, need);
        return (pledge, need);
    }

    public void Forbid(string needId, string pledgeId)
    {
        var need = _needSlots[needId];
        var pledge = _pledgeSlots[pledgeId];
        _forbidden.Add((pledge, need));
        if (_restricted[pledge] || IsRigid(_pledges[pledge]!))
        {
            return;
        }

        _restricted[pledge] = true;
        foreach (var cell in CellsOf(_pledges[pledge]!))
        {
            CellSet(_openPledgesByCell, cell).Remove(pledge);
            CellSet(_restrictedPledgesByCell, cell).Add(pledge);
        }
    }

    public int NeedSlot(string id) => _needSlots[id];

    public int PledgeSlot(string id) => _pledgeSlots[id];

    public void SetNeedRemaining(string id, long remaining) => _gap[_needSlots[id]] = Math.Max(0, remaining);

    public void SetPledgeRemaining(string id, long remaining) => _supply[_pledgeSlots[id]] = Math.Max(0, remaining);

    public bool IsLiveNeed(int slot) => _needs[slot] is not null;

    public bool HasGap(int need) => _gap[need] > _funded[need];

    public bool HasUnusedMoney(int pledge) => _pledges[pledge] is { } input && !IsRigid(input) && _supply[pledge] > _used[pledge];

    public long WeightOf(int need) => _needWeight[need];

    public bool IsLivePledge(int slot) => _pledges[slot] is not null;

    // Pledge with more allocated than it has: money must come from elsewhere, or from its lowest-weight needs.
    // False when only fixed (minimum-ticket) pairs could give it back.
    public bool SettleOverdrawnPledge(int pledge)
    {
        while (_used[pledge] > _supply[pledge] && !OverBudget)
        {
            if (!AugmentIntoPledge(pledge))
            {
                return false;
            }
        }

        return true;
    }

    // Need funded beyond its gap: the excess goes to the best gaps it can reach, or back to its pledges.
    // False when only fixed (minimum-ticket) pairs fund it.
    public bool SettleOverfundedNeed(int need)
    {
        while (_funded[need] > _gap[need] && !OverBudget)
        {
            if (!AugmentOutOfNeed(need))
            {
                return false;
            }
        }

        return true;
    }

    // Unused money of a pledge goes to the heaviest gaps it reaches, moving other pledges' money along
    // alternating paths where that lets more weight be funded.
    public void PlaceUnusedMoney(int pledge)
    {
        while (!OverBudget && _pledges[pledge] is { } input && !IsRigid(input) && _supply[pledge] > _used[pledge] && AugmentFromPledge(pledge))
        {
        }
    }

    // A gap is filled from unused money it can reach, or from lighter needs' money where that gains weight.
    public void FillGap(int need)
    {
        while (!OverBudget && _needs[need] is not null && _gap[need] > _funded[need] && AugmentIntoNeed(need))
        {
        }
    }

    // The optimality test of the flow, in one breadth-first sweep by cost level: money that costs nothing to move
    // (unused, from pledges that may move) first, then the money of funded needs in order of weight. A need
    // with a gap that money of a lower level reaches could take it for a gain, so the flow is optimal exactly
    // when this returns nothing. Needs are returned lightest source level first.
    public List<int> ImprovableGaps()
    {
        BeginSearch();
        var found = new List<int>();
        var levels = new List<(long Cost, List<(bool IsNeed, int Slot)> Sources)>
        {
            (0, Enumerable.Range(0, _pledges.Count)
                .Where(p => _pledges[p] is { } input && !IsRigid(input) && _supply[p] > _used[p])
                .Select(p => (false, p)).ToList()),
        };
        levels.AddRange(Enumerable.Range(0, _needs.Count)
            .Where(n => _needs[n] is not null && _funded[n] > 0)
            .GroupBy(n => _needWeight[n])
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Select(n => (true, n)).ToList())));
        foreach (var (cost, sources) in levels)
        {
            foreach (var (isNeed, slot) in sources)
            {
                if (isNeed ? _needSeen[slot] == _stamp : _pledgeSeen[slot] == _stamp)
                {
                    continue;
                }

                if (isNeed)
                {
                    _needSeen[slot] = _stamp;
                }
                else
                {
                    _pledgeSeen[slot] = _stamp;
                }

                _queue.Enqueue((isNeed, slot));
            }

            while (_queue.Count > 0)
            {
                var (isNeed, slot) = _queue.Dequeue();
            Work++;
                if (!isNeed)
                {
                    ExpandPledgeForward(slot);
                    continue;
                }

                if (_gap[slot] > _funded[slot] && _needWeight[slot] > cost)
                {
                    found.Add(slot);
                }

                foreach (var (pledge, _) in _needPairs[slot])
                {
                    if (_pledgeSeen[pledge] != _stamp && !IsRigid(_pledges[pledge]!))
                    {
                        _pledgeSeen[pledge] = _stamp;
                        _queue.Enqueue((false, pledge));
                    }
                }
            }
        }

        return found;
    }

    private bool AugmentFromPledge(int start)
    {
        var best = SearchForward(start, startIsNeed: false);
        if (best < 0)
        {
            return false;
        }

        var delta = Math.Min(_supply[start] - _used[start], _gap[best] - _funded[best]);
        delta = Math.Min(delta, ForwardBottleneck(best, start, startIsNeed: false));
        ApplyForward(best, start, startIsNeed: false, delta);
        _used[start] += delta;
        _funded[best] += delta;
        Augmentations++;
        return true;
    }

    private bool AugmentOutOfNeed(int start)
    {
        var best = SearchForward(start, startIsNeed: true);
        var excess = _funded[start] - _gap[start];
        if (best >= 0)
        {
            var delta = Math.Min(excess, Math.Min(_gap[best] - _funded[best], ForwardBottleneck(best, start, startIsNeed: true)));
            ApplyForward(best, start, startIsNeed: true, delta);
            _funded[start] -= delta;
            _funded[best] += delta;
        }
        else
        {
            // Nothing reachable needs the money: give it back to the pledges that fund this need.
            var funder = _needPairs[start].Keys.Where(p => !IsRigid(_pledges[p]!)).DefaultIfEmpty(-1).Min();
            if (funder < 0)
            {
                return false;
            }

            var delta = Math.Min(excess, _needPairs[start][funder]);
            AddFlow(funder, start, -delta);
        }

        Augmentations++;
        return true;
    }

    private bool AugmentIntoNeed(int target)
    {
        var (origin, originIsNeed) = SearchBackward(target, startIsNeed: true);
        if (origin < 0 || (originIsNeed && _needWeight[origin] >= _needWeight[target]))
        {
            return false;
        }

        var delta = Math.Min(_gap[target] - _funded[target], BackwardBottleneck(origin, originIsNeed, target, true));
        ApplyBackward(origin, originIsNeed, target, true, delta);
        _funded[target] += delta;
        Augmentations++;
        return true;
    }

    private bool AugmentIntoPledge(int target)
    {
        var (origin, originIsNeed) = SearchBackward(target, startIsNeed: false);
        if (origin < 0)
        {
            return false;
        }

        var delta = Math.Min(_used[target] - _supply[target], BackwardBottleneck(origin, originIsNeed, target, false));
        ApplyBackward(origin, originIsNeed, target, false, delta);
        _used[target] -= delta;
        Augmentations++;
        return true;
    }

    // Breadth-first from a pledge (its unused money) or an overfunded need along pledge → need arcs with room and
    // need → pledge arcs that carry money; returns the reachable need with a gap of the largest weight, or −1.
    private int SearchForward(int start, bool startIsNeed)
    {
        BeginSearch(start, startIsNeed);
        var maxWeight = MaxWeight();
        var best = -1;

        while (_queue.Count > 0)
        {
            var (isNeed, slot) = _queue.Dequeue();
            Work++;
            if (isNeed)
            {
                if (!(startIsNeed && slot == start) && _gap[slot] > _funded[slot] && (best < 0 || _needWeight[slot] > _needWeight[best]))
                {
                    best = slot;
                    if (_needWeight[slot] == maxWeight)
                    {
                        break;
                    }
                }

                foreach (var (pledge, _) in _needPairs[slot])
                {
                    if (_pledgeSeen[pledge] != _stamp && !IsRigid(_pledges[pledge]!))
                    {
                        _pledgeSeen[pledge] = _stamp;
                        _pledgeLink[pledge] = slot;
                        _queue.Enqueue((false, pledge));
                    }
                }
            }
            else
            {
                ExpandPledgeForward(slot);
            }
        }

        _queue.Clear();
        return best;
    }

    private void ExpandPledgeForward(int pledge)
    {
        var input = _pledges[pledge]!;
        if (!_cellsByInstrument.TryGetValue(input.Instrument, out var cells))
        {
            return;
        }

        var restricted = _restricted[pledge];
        foreach (var (country, sector) in cells)
        {
            if ((input.Countries.Count > 0 && !input.Countries.Contains(country)) || (input.Sectors.Count > 0 && !input.Sectors.Contains(sector)))
            {
                continue;
            }

            foreach (var classId in _classesByCell[(country, sector, input.Instrument)])
            {
                var needClass = _classes[classId];
                if ((!restricted && _classSeen[classId] == _stamp)
                    || !Eligibility.WindowsOverlap(needClass.Start, needClass.End, input.AvailableFrom, input.AvailableUntil))
                {
                    continue;
                }

                if (!restricted)
                {
                    _classSeen[classId] = _stamp;
                }

                Work += needClass.Needs.Count;
                foreach (var need in needClass.Needs)
                {
                    if (_needSeen[need] == _stamp || (restricted && Room(pledge, need) <= 0))
                    {
                        continue;
                    }

                    _needSeen[need] = _stamp;
                    _needLink[need] = pledge;
                    _queue.Enqueue((true, need));
                }
            }
        }
    }

    // Breadth-first backwards from a need's gap or an overdrawn pledge; returns the cheapest origin of money:
    // a pledge with unused money (costs nothing: stops at once), else the funded need of least weight.
    private (int Origin, bool OriginIsNeed) SearchBackward(int start, bool startIsNeed)
    {
        BeginSearch(start, startIsNeed);
        var cheapestNeed = -1;

        while (_queue.Count > 0)
        {
            var (isNeed, slot) = _queue.Dequeue();
            Work++;
            if (isNeed)
            {
                if (!(startIsNeed && slot == start) && _funded[slot] > 0 && (cheapestNeed < 0 || _needWeight[slot] < _needWeight[cheapestNeed]))
                {
                    cheapestNeed = slot;
                }

                if (ExpandNeedBackward(slot) is var unused and >= 0)
                {
                    _queue.Clear();
                    return (unused, false);
                }
            }
            else
            {
                foreach (var (need, _) in _pledgePairs[slot])
                {
                    if (_needSeen[need] != _stamp)
                    {
                        _needSeen[need] = _stamp;
                        _needLink[need] = slot;
                        _queue.Enqueue((true, need));
                    }
                }
            }
        }

        return (cheapestNeed, true);
    }

    // Visits the pledges that could send this need more money; returns one with unused money, or −1. Each pledge
    // cell is scanned once per need window and search; restricted pledges without room for the need that
    // scanned it are kept aside and tried again for the next need of that window.
    private int ExpandNeedBackward(int need)
    {
        var input = _needs[need]!;
        foreach (var instrument in input.Instruments)
        {
            foreach (var (country, sector) in new[] { (input.Country, input.Sector), (input.Country, Any), (Any, input.Sector), (Any, Any) })
            {
                var cell = (country, sector, instrument);
                var key = (cell, input.StartDate, input.EndDate);
                int found;
                if (_cellWindowsSeen.TryGetValue(key, out var blocked))
                {
                    found = Retry(blocked, need);
                }
                else
                {
                    blocked = [];
                    _cellWindowsSeen.Add(key, blocked);
                    found = Scan(_openPledgesByCell.GetValueOrDefault(cell), need, input, blocked);
                    found = found >= 0 ? found : Scan(_restrictedPledgesByCell.GetValueOrDefault(cell), need, input, blocked);
                }

                if (found >= 0)
                {
                    return found;
                }
            }
        }

        return -1;
    }

    private int Scan(HashSet<int>? pledges, int need, NeedInput input, List<int> blocked)
    {
        Work += pledges?.Count ?? 0;
        foreach (var pledge in pledges ?? [])
        {
            if (_pledgeSeen[pledge] == _stamp)
            {
                continue;
            }

            var candidate = _pledges[pledge]!;
            if (!Eligibility.WindowsOverlap(input.StartDate, input.EndDate, candidate.AvailableFrom, candidate.AvailableUntil))
            {
                continue;
            }

            if (_restricted[pledge] && Room(pledge, need) <= 0)
            {
                blocked.Add(pledge);
                continue;
            }

            if (Reach(pledge, need))
            {
                return pledge;
            }
        }

        return -1;
    }

    private int Retry(List<int> blocked, int need)
    {
        for (var i = blocked.Count - 1; i >= 0; i--)
        {
            var pledge = blocked[i];
            if (_pledgeSeen[pledge] == _stamp)
            {
                blocked.RemoveAt(i);
            }
            else if (Room(pledge, need) > 0)
            {
                blocked.RemoveAt(i);
                if (Reach(pledge, need))
                {
                    return pledge;
                }
            }
        }

        return -1;
    }

    // Marks the pledge reached from the need; true when it has unused money (the search can stop there).
    private bool Reach(int pledge, int need)
    {
        _pledgeSeen[pledge] = _stamp;
        _pledgeLink[pledge] = need;
        if (_supply[pledge] > _used[pledge])
        {
            return true;
        }

        _queue.Enqueue((false, pledge));
        return false;
    }

    // Forward path: end need ← pledge ← need ← … ← start, following links.
    private long ForwardBottleneck(int end, int start, bool startIsNeed)
    {
        var delta = Unbounded;
        var need = end;
        while (true)
        {
            var pledge = _needLink[need];
            delta = Math.Min(delta, Room(pledge, need));
            if (!startIsNeed && pledge == start)
            {
                return delta;
            }

            need = _pledgeLink[pledge];
            delta = Math.Min(delta, _needPairs[need][pledge]);
            if (startIsNeed && need == start)
            {
                return delta;
            }
        }
    }

    private void ApplyForward(int end, int start, bool startIsNeed, long delta)
    {
        var need = end;
        while (true)
        {
            var pledge = _needLink[need];
            AddPair(pledge, need, delta);
            if (!startIsNeed && pledge == start)
            {
                return;
            }

            need = _pledgeLink[pledge];
            AddPair(pledge, need, -delta);
            if (startIsNeed && need == start)
            {
                return;
            }
        }
    }

    // Backward path: origin → … → target, following links (each node's link is the next node towards the target).
    private long BackwardBottleneck(int origin, bool originIsNeed, int target, bool targetIsNeed)
    {
        var delta = originIsNeed ? _funded[origin] : _supply[origin] - _used[origin];
        var isNeed = originIsNeed;
        var slot = origin;
        while (!(isNeed == targetIsNeed && slot == target))
        {
            if (isNeed)
            {
                var pledge = _needLink[slot];
                delta = Math.Min(delta, _needPairs[slot][pledge]);
                (isNeed, slot) = (false, pledge);
            }
            else
            {
                var need = _pledgeLink[slot];
                delta = Math.Min(delta, Room(slot, need));
                (isNeed, slot) = (true, need);
            }
        }

        return delta;
    }

    private void ApplyBackward(int origin, bool originIsNeed, int target, bool targetIsNeed, long delta)
    {
        if (originIsNeed)
        {
            _funded[origin] -= delta;
        }
        else
        {
            _used[origin] += delta;
        }

        var isNeed = originIsNeed;
        var slot = origin;
        while (!(isNeed == targetIsNeed && slot == target))
        {
            if (isNeed)
            {
                var pledge = _needLink[slot];
                AddPair(pledge, slot, -delta);
                (isNeed, slot) = (false, pledge);
            }
            else
            {
                var need = _pledgeLink[slot];
                AddPair(slot, need, delta);
                (isNeed, slot) = (true, need);
            }
        }
    }

    // Room left on the pair: its cap (or unbounded) less what it carries; 0 when forbidden.
    private long Room(int pledge, int need)
    {
        if (_forbidden.Contains((pledge, need)))
        {
            return 0;
        }

        var cap = _pledges[pledge]!.MaxAllocationUsdCents ?? Unbounded;
        return cap - _needPairs[need].GetValueOrDefault(pledge);
    }

    private void TakeOff(int pledge, int need)
    {
        if (_needPairs[need].TryGetValue(pledge, out var amount))
        {
            AddFlow(pledge, need, -amount);
        }
    }

    // A whole hub → pledge → need → hub change: the pledge's use and the need's funding move with the pair.
    private void AddFlow(int pledge, int need, long delta)
    {
        AddPair(pledge, need, delta);
        _used[pledge] += delta;
        _funded[need] += delta;
    }

    private void AddPair(int pledge, int need, long delta)
    {
        var amount = _needPairs[need].GetValueOrDefault(pledge) + delta;
        if (amount < 0)
        {
            throw new InvalidOperationException($"Pair {pledge}/{need} would carry {amount}.");
        }

        if (amount == 0)
        {
            _needPairs[need].Remove(pledge);
            _pledgePairs[pledge].Remove(need);
        }
        else
        {
            _needPairs[need][pledge] = amount;
            _pledgePairs[pledge][need] = amount;
        }
    }

    private long MaxWeight() => Math.Max(Math.Max(_weights.Critical, _weights.High), Math.Max(_weights.Medium, _weights.Low));

    private void BeginSearch()
    {
        _stamp++;
        _cellWindowsSeen.Clear();
    }

    // A new search from one need or pledge: it is the root of the search tree (no link).
    private void BeginSearch(int start, bool startIsNeed)
    {
        BeginSearch();
        if (startIsNeed)
        {
            _needSeen[start] = _stamp;
            _needLink[start] = -1;
        }
        else
        {
            _pledgeSeen[start] = _stamp;
            _pledgeLink[start] = -1;
        }

        _queue.Enqueue((startIsNeed, start));
    }

    private void Grow()
    {
        if (_needSeen.Length < _needs.Count)
        {
            Array.Resize(ref _needSeen, Math.Max(_needs.Count, _needSeen.Length * 2));
            Array.Resize(ref _needLink, _needSeen.Length);
        }

        if (_pledgeSeen.Length < _pledges.Count)
        {
            Array.Resize(ref _pledgeSeen, Math.Max(_pledges.Count, _pledgeSeen.Length * 2));
            Array.Resize(ref _pledgeLink, _pledgeSeen.Length);
        }

        if (_classSeen.Length < _classes.Count)
        {
            Array.Resize(ref _classSeen, Math.Max(_classes.Count, _classSeen.Length * 2));
        }
    }

    private static IEnumerable<(string, string, string)> CellsOf(PledgeInput pledge)
    {
        var countries = pledge.Countries.Count == 0 ? [Any] : pledge.Countries.ToArray();
        var sectors = pledge.Sectors.Count == 0 ? [Any] : pledge.Sectors.ToArray();
        foreach (var country in countries)
        {
            foreach (var sector in sectors)
            {
                yield return (country, sector, pledge.Instrument);
            }
        }
    }

    private static HashSet<int> CellSet(Dictionary<(string, string, string), HashSet<int>> cells, (string, string, string) key)
    {
        if (!cells.TryGetValue(key, out var set))
        {
            cells[key] = set = [];
        }

        return set;
    }

    private sealed class NeedClassSlot(DateOnly? start, DateOnly? end)
    {
        public DateOnly? Start { get; } = start;
        public DateOnly? End { get; } = end;
        public HashSet<int> Needs { get; } = [];
    }
}
