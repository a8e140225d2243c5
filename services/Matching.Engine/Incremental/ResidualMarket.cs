namespace Marketplace.Matching.Engine.Incremental;

// The market as a flow network kept between rounds: source/sink merged into one hub H, arcs H → pledge
// (its unused money, cost 0), pledge → need for every allowed pair (cost 0, capacity the pledge's cap or
// unbounded), need → H (its gap, cost −weight). A flow is optimal exactly when its residual network has no
// negative cycle, and every cycle's cost is decided where it passes H: it enters H through a need with a gap
// (−w) or a pledge giving money back (0), and leaves through a funded need (+w) or a pledge with unused money
// (0). So the flow is optimal exactly when no pledge with unused money reaches a gap and no funded need reaches a
// heavier gap; since no other arc costs anything, the best augmenting path from a node is a search for the heaviest
// gap it reaches. Feasibility repairs (an overdrawn pledge, an overfunded need) come first, then Optimize.
//
// The state is kept per pair (pledge, need, amount), which is what a proposal is, so a change moves only the
// pairs on its augmenting paths: proposals the change does not touch stay as they are.
//
// Node potentials (dual prices) are kept between rounds: U(v) bounds from above the heaviest gap v can reach, and
// stays a valid bound because every change that can let v reach more (a gap opening, a pair getting room, a pair
// starting to carry money) raises it along the reverse arcs (Raise), while each search lowers it to what the search
// proved for every node it expanded. A search is then best-first by U and stops once no open node can beat the best
// gap found, so it visits the part of the market that can still matter, not all it can reach. The flow is optimal
// exactly when no pledge with unused money has U > 0 and no funded need has U above its own weight (Optimize).
// A change that takes many paths into one gap or out of one pledge has the rest filled in bulk, one breadth-first
// search serving many paths (ResidualMarket.Bulk.cs).
//
// Pledges with a minimum ticket are not moved by the searches (x = 0 or x ≥ min is no flow constraint): their pairs
// are fixed between placements (PlaceRigidPledge), which the incremental engine asks for when such a pledge changes.
internal sealed partial class ResidualMarket
{
    private const string Any = "\u0000any";
    private const long Unbounded = long.MaxValue / 4;

    private readonly PriorityWeights _weights;
    private readonly long[] _distinctWeights;

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
    // Every pair whose amount was set since the last TakeChangedPairs, with the amount it had before, recorded where a pair's
    // amount is set (AddPair), by slots that stay resolvable after a removal (slots are never reused), so a round reports
    // only the pairs whose amount it changed.
    // Kept only by a market that reports its changes (the incremental engine's), so a market a full solve builds and drops
    // carries no log.
    private readonly Dictionary<(int Pledge, int Need), long> _changedPairs = [];
    private bool _tracksChanges;
    private readonly List<string> _needIdAt = [];
    private readonly List<string> _pledgeIdAt = [];

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
    // Pledges with a minimum ticket by the same cells: fixed between placements, but worth placing again when a gap
    // they are eligible for opens while they have money left (see IdleRigidPledgesFor).
    private readonly Dictionary<(string, string, string), HashSet<int>> _rigidPledgesByCell = [];

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
    // Per backward search: the unrestricted pledges of each cell not reached yet (a cell is listed once per search, and
    // each later need window walks only what is left of it: the pledges whose window missed every earlier one).
    private readonly Dictionary<(string, string, string), List<int>> _unreached = [];
    private readonly Queue<(bool IsNeed, int Slot)> _queue = new();
    // Per best-first search: the needs of each class touched that no expansion has reached yet (see ExpandPledgeBest).
    private readonly Dictionary<int, List<int>> _classUnseen = [];
    private readonly Stack<List<int>> _listPool = new();

    // Potentials (see the top): per need and pledge slot; maintained once InitializePotentials has run.
    private long[] _needPotential = [];
    private long[] _pledgePotential = [];
    private bool _potentials;
    private readonly PriorityQueue<(bool IsNeed, int Slot), long> _frontier = new();
    private readonly List<(bool IsNeed, int Slot)> _expanded = [];
    private readonly Queue<(bool IsNeed, int Slot)> _raise = new();
    // While a round's changes are applied, raises wait (a gap that an approval opens and its smaller remainder
    // closes again is no gap), and FlushRaises makes those still true before anything is searched.
    private bool _deferRaises;
    private readonly HashSet<int> _pendingGaps = [];
    private readonly List<(int Pledge, int Need)> _pendingPairs = [];
    // Per raise: the unrestricted pledges of each cell not raised yet, and the need windows each cell was raised for. A
    // cell is listed once per raise; each later need window walks only what is left of it (the pledges whose window
    // missed every earlier one), and a window already raised walks nothing.
    private readonly Dictionary<(string, string, string), List<int>> _unraised = [];
    private readonly HashSet<((string, string, string) Cell, DateOnly? Start, DateOnly? End)> _raisedWindows = [];
    // The same for the restricted pledges of each cell: one that has no room for one need of the cell may still have it
    // for the next, so it stays listed until raised, but every need walks only what is left, not the whole cell.
    private readonly Dictionary<((string, string, string) Cell, DateOnly? Start, DateOnly? End), List<int>> _unraisedRestricted = [];
    private long _raisedTo;
    // Per best-first search: the best gap found so far (its weight bounds what is still worth opening).
    private int _best;
    private long _bestWeight;
    private bool _searchFromNeed;
    // The pledge with a minimum ticket being placed (see PlaceRigidPledge), or −1.
    private int _placing = -1;
    private int _searchStart;

    public ResidualMarket(PriorityWeights weights)
    {
        _weights = weights;
        _distinctWeights = [.. new[] { weights.Critical, weights.High, weights.Medium, weights.Low }.Distinct().Order()];
    }

    // A kept market holding the given allocations (as they are: nothing is checked or moved), with its potentials
    // set. Forbidden pairs whose need or pledge is not in the market are ignored.
    public static ResidualMarket Load(
        PriorityWeights weights, IEnumerable<NeedInput> needs, IEnumerable<PledgeInput> pledges,
        IEnumerable<(string NeedId, string PledgeId)> forbidden, IEnumerable<Allocation> allocations)
    {
        var market = new ResidualMarket(weights);
        foreach (var need in needs)
        {
            market.AddNeed(need);
        }

        foreach (var pledge in pledges)
        {
            market.AddPledge(pledge);
        }

        foreach (var (needId, pledgeId) in forbidden)
        {
            if (market.NeedById(needId) is not null && market.PledgeById(pledgeId) is not null)
            {
                market.Forbid(needId, pledgeId);
            }
        }

        foreach (var allocation in allocations)
        {
            market.Put(allocation.NeedId, allocation.PledgeId, allocation.AmountUsdCents);
        }

        market.InitializePotentials();
        market._freshGaps.Clear();
        return market;
    }

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

    // Whether the pledge's pairs are fixed here: it has a minimum ticket and is not being placed (PlaceRigidPledge).
    private bool Rigid(int pledge) => pledge != _placing && IsRigid(_pledges[pledge]!);

    public bool IsRigidPledge(int slot) => _pledges[slot] is { } input && IsRigid(input);

    // Pledges with a minimum ticket that carry money in the need (the slots), e.g. before it is removed.
    public IReadOnlyList<int> RigidFundersOf(string needId) => [.. _needPairs[_needSlots[needId]].Keys.Where(Rigid)];

    // Rounds of PlaceRigidPledge: each places what the pledge has left on the optimum of the rest.
    private const int PlacementRounds = 3;

    // Places a pledge with a minimum ticket on its own, the repair's dive for one pledge on the optimum of the rest.
    // A round lets it move like any other pledge (its unused money goes to the heaviest gaps it reaches, other
    // pledges' money moving along the alternating paths), then fixes it again: every pair below the minimum is taken
    // off, and the heaviest of them (largest first) are brought up to the minimum instead while the pledge has the
    // money and the need room beside its other minimum-ticket money, the pledges without a minimum giving way there
    // (that need stays as funded as before, so this never loses objective against dropping the pair). A pledge drawn
    // beyond its remainder first gives back whole pairs, smallest first (each is at least the minimum, so what stays
    // keeps it). The gaps this reopens are left to Optimize.
    public void PlaceRigidPledge(int slot)
    {
        var input = _pledges[slot]!;
        var minimum = input.MinAllocationUsdCents ?? 0;
        foreach (var (need, amount) in _pledgePairs[slot].Where(p => p.Value < minimum).ToList())
        {
            AddFlow(slot, need, -amount);
        }

        while (_used[slot] > _supply[slot])
        {
            var (need, amount) = _pledgePairs[slot].MinBy(p => (p.Value, p.Key));
            AddFlow(slot, need, -amount);
        }

        for (var round = 0; round < PlacementRounds && _supply[slot] - _used[slot] >= minimum && !OverBudget; round++)
        {
            Relax(slot, input);
            var pieces = _pledgePairs[slot].Where(p => p.Value < minimum).ToList();
            foreach (var (need, amount) in pieces)
            {
                AddFlow(slot, need, -amount);
            }

            var forced = false;
            foreach (var (need, _) in pieces.OrderByDescending(p => _needWeight[p.Key]).ThenByDescending(p => p.Value).ThenBy(p => p.Key))
            {
                if (_supply[slot] - _used[slot] >= minimum && _gap[need] - RigidFunding(need) >= minimum && Room(slot, need) >= minimum)
                {
                    AddFlow(slot, need, minimum);
                    SettleOverfundedNeed(need);
                    forced = true;
                }
            }

            if (!forced)
            {
                return;
            }
        }
    }

    // One round of the placement: the pledge's unused money placed as if it had no minimum.
    private void Relax(int slot, PledgeInput input)
    {
        _placing = slot;
        var cells = CellsOf(input).ToList();
        foreach (var cell in cells)
        {
            CellSet(_restrictedPledgesByCell, cell).Add(slot);
        }

        _pledgePotential[slot] = MaxWeight();
        try
        {
            PlaceUnusedMoney(slot);
        }
        finally
        {
            foreach (var cell in cells)
            {
                CellSet(_restrictedPledgesByCell, cell).Remove(slot);
            }

            _placing = -1;
        }
    }

    // Pledges with a minimum ticket that could give this need at least their minimum from the money they have left:
    // eligible, the pair allowed and with room, the need's gap open by at least the minimum.
    public IEnumerable<int> IdleRigidPledgesFor(int need)
    {
        var input = _needs[need];
        if (input is null || _gap[need] - _funded[need] <= 0)
        {
            yield break;
        }

        foreach (var instrument in input.Instruments)
        {
            foreach (var (country, sector) in new[] { (input.Country, input.Sector), (input.Country, Any), (Any, input.Sector), (Any, Any) })
            {
                if (!_rigidPledgesByCell.TryGetValue((country, sector, instrument), out var pledges))
                {
                    continue;
                }

                Work += pledges.Count;
                foreach (var pledge in pledges)
                {
                    var candidate = _pledges[pledge]!;
                    var minimum = candidate.MinAllocationUsdCents ?? 0;
                    if (_supply[pledge] - _used[pledge] >= minimum && _gap[need] - RigidFunding(need) >= minimum
                        && Room(pledge, need) >= minimum
                        && Eligibility.WindowsOverlap(input.StartDate, input.EndDate, candidate.AvailableFrom, candidate.AvailableUntil))
                    {
                        yield return pledge;
                    }
                }
            }
        }
    }

    private long RigidFunding(int need) => _needPairs[need].Where(p => Rigid(p.Key)).Sum(p => p.Value);

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

    // The pairs whose amount changed since the last call, each once with what it carries now (0: taken off), and forgets
    // them. A need or pledge added again since (a new slot) counts as the same pair; the pairs listed as held by none
    // count as carrying nothing before (their holder dropped them). The first call starts the log.
    public IReadOnlyList<Allocation> TakeChangedPairs(IReadOnlyCollection<(string NeedId, string PledgeId)> heldByNone)
    {
        _tracksChanges = true;
        var before = new Dictionary<(string NeedId, string PledgeId), long>();
        foreach (var ((pledge, need), amount) in _changedPairs)
        {
            var pair = (_needIdAt[need], _pledgeIdAt[pledge]);
            before[pair] = before.GetValueOrDefault(pair) + amount;
        }

        foreach (var pair in heldByNone)
        {
            before[pair] = 0;
        }

        _changedPairs.Clear();
        return [.. before.Select(pair => new Allocation(pair.Key.NeedId, pair.Key.PledgeId, AmountOf(pair.Key.NeedId, pair.Key.PledgeId)))
            .Where(allocation => allocation.AmountUsdCents != before[(allocation.NeedId, allocation.PledgeId)])];
    }

    // The bilateral money a need's pairs carry now.
    public long FundedOf(string needId) => _needSlots.TryGetValue(needId, out var slot) ? _funded[slot] : 0;

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
        _needIdAt.Add(need.Id);
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
        _needPotential[slot] = 0;
        GapOpened(slot);
    }

    // Takes the need's allocations off; returns the pledges whose money that freed.
    public IReadOnlyList<int> RemoveNeed(string id)
    {
        var slot = _needSlots[id];
        var freed = _needPairs[slot].Keys.ToList();
        var input = _needs[slot];
        _needs[slot] = null;
        foreach (var pledge in freed)
        {
            TakeOff(pledge, slot);
        }

        _needs[slot] = input;

        foreach (var id2 in _needClasses[slot])
        {
            _classes[id2].Needs.Remove(slot);
        }

        _needSlots.Remove(id);
        _needs[slot] = null;
        _gap[slot] = 0;
        return freed;
    }

    public void AddPledge(PledgeInput pledge)
    {
        var slot = _pledges.Count;
        _pledges.Add(pledge);
        _pledgeIdAt.Add(pledge.Id);
        _supply.Add(Math.Max(0, pledge.RemainingUsdCents));
        _used.Add(0);
        _pledgePairs.Add([]);
        _restricted.Add(pledge.MaxAllocationUsdCents is not null || IsRigid(pledge));
        _pledgeSlots.Add(pledge.Id, slot);
        Grow();
        // A valid bound before any search: no gap outweighs the heaviest weight.
        _pledgePotential[slot] = MaxWeight();
        foreach (var cell in CellsOf(pledge))
        {
            CellSet(IsRigid(pledge) ? _rigidPledgesByCell : _restricted[slot] ? _restrictedPledgesByCell : _openPledgesByCell, cell).Add(slot);
        }
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
            CellSet(_rigidPledgesByCell, cell).Remove(slot);
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
        if (_restricted[pledge] || Rigid(pledge))
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

    public PledgeInput PledgeAt(int slot) => _pledges[slot]!;

    public int PledgeSlot(string id) => _pledgeSlots[id];

    public void SetNeedRemaining(string id, long remaining)
    {
        var slot = _needSlots[id];
        _gap[slot] = Math.Max(0, remaining);
        GapOpened(slot);
    }

    public void SetPledgeRemaining(string id, long remaining) => _supply[_pledgeSlots[id]] = Math.Max(0, remaining);

    public bool IsLiveNeed(int slot) => _needs[slot] is not null;

    private bool HasGap(int need) => _gap[need] > _funded[need];

    private bool HasUnusedMoney(int pledge) => _pledges[pledge] is not null && !Rigid(pledge) && _supply[pledge] > _used[pledge];

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

    // Every need funded beyond its gap gives the excess to the best gaps it reaches or back to its pledges. False
    // when a need is held above its gap by fixed (minimum-ticket) allocations alone, or when over budget.
    public bool SettleOverfundedNeeds()
    {
        for (var need = 0; need < _needs.Count; need++)
        {
            if (_needs[need] is not null && (!SettleOverfundedNeed(need) || OverBudget))
            {
                return false;
            }
        }

        return true;
    }

    // Unused money of a pledge goes to the heaviest gaps it reaches, moving other pledges' money along
    // alternating paths where that lets more weight be funded.
    // After BulkAfter paths from the same pledge, the rest of its money is placed in bulk (FillFromPledge).
    public void PlaceUnusedMoney(int pledge)
    {
        var paths = 0;
        while (!OverBudget && HasUnusedMoney(pledge) && _pledgePotential[pledge] > 0)
        {
            if (paths++ >= BulkAfter)
            {
                FillFromPledge(pledge);
                paths = 0;
            }
            else if (!AugmentFromPledge(pledge))
            {
                return;
            }
        }
    }

    // Restores optimality after the round's changes: every pledge with unused money that may reach a gap (U > 0)
    // and every funded need that may reach a heavier gap (U above its weight) is searched from, best-first, and
    // augments or has its bound lowered. Nothing left to search is the optimality condition. False when over
    // budget or when the passes did not settle (the caller then solves from nothing).
    public bool Optimize(int maxPasses)
    {
        _optimizing = true;
        try
        {
            return OptimizePasses(maxPasses);
        }
        finally
        {
            _optimizing = false;
        }
    }

    private bool OptimizePasses(int maxPasses)
    {
        for (var pass = 0; pass < maxPasses && !OverBudget; pass++)
        {
            // Within a pass the raises wait for its end: money moved out of a funded need opens a gap there, and
            // raising the market behind every such gap one by one costs more than the searches. A search that runs
            // on a bound still waiting to be raised may pick a lesser gain, never a false one, and lowers bounds only
            // as far as its own successors allow, so the raises at the end of the pass leave every bound valid again
            // and the next pass searches whatever they made worth it.
            DeferRaises();
            _gapHits.Clear();
            var searched = false;
            for (var pledge = 0; pledge < _pledges.Count && !OverBudget; pledge++)
            {
                if (HasUnusedMoney(pledge) && _pledgePotential[pledge] > 0)
                {
                    searched = true;
                    PlaceUnusedMoney(pledge);
                }
            }

            // Lightest money first: it gains the most where it goes, and the gap it leaves is the one least worth filling.
            foreach (var weight in _distinctWeights)
            {
                for (var need = 0; need < _needs.Count && !OverBudget; need++)
                {
                    while (!OverBudget && _needs[need] is not null && _needWeight[need] == weight && _funded[need] > 0
                        && _needPotential[need] > weight)
                    {
                        searched = true;
                        if (!AugmentFromFundedNeed(need))
                        {
                            break;
                        }
                    }
                }
            }

            FlushRaises();
            if (!searched)
            {
                _freshGaps.Clear();
                return true;
            }
        }

        return false;
    }

    // Sets every potential to the heaviest gap its node reaches: one raise per weight, heaviest first, so a node
    // takes the first (largest) value that reaches it.
    public void InitializePotentials()
    {
        _potentials = true;
        Array.Clear(_needPotential);
        Array.Clear(_pledgePotential);
        foreach (var weight in Enumerable.Range(0, _needs.Count).Where(n => _needs[n] is not null).Select(n => _needWeight[n]).Distinct().OrderDescending())
        {
            BeginRaise(weight);
            for (var need = 0; need < _needs.Count; need++)
            {
                if (_needs[need] is not null && _needWeight[need] == weight && HasGap(need))
                {
                    Raise(true, need, weight, keepCells: true);
                }
            }
        }
    }

    private bool AugmentFromPledge(int start)
    {
        var best = SearchBest(start, startIsNeed: false, threshold: 0);
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
        Hit(best);
        return true;
    }

    // A funded need's money moves to a heavier gap it reaches (a cycle through the hub that gains weight).
    private bool AugmentFromFundedNeed(int start)
    {
        var best = SearchBest(start, startIsNeed: true, threshold: _needWeight[start]);
        if (best < 0)
        {
            return false;
        }

        var delta = Math.Min(_funded[start], Math.Min(_gap[best] - _funded[best], ForwardBottleneck(best, start, startIsNeed: true)));
        ApplyForward(best, start, startIsNeed: true, delta);
        _funded[start] -= delta;
        _funded[best] += delta;
        GapOpened(start);
        Augmentations++;
        Hit(best);
        return true;
    }

    private bool AugmentOutOfNeed(int start)
    {
        var best = SearchBest(start, startIsNeed: true, threshold: 0);
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
            var funder = _needPairs[start].Keys.Where(p => !Rigid(p)).DefaultIfEmpty(-1).Min();
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

    // Best-first from a pledge (its unused money) or a need (its money) along pledge → need pairs with room and
    // need → pledge pairs that carry money, in order of the potentials: returns the reachable need with a gap of the
    // largest weight above the threshold, or −1. Every expanded node reaches nothing heavier than that (the start
    // reaches it, and they are reached from the start), so their potentials are lowered to it.
    private int SearchBest(int start, bool startIsNeed, long threshold)
    {
        ResetSearch();
        _best = -1;
        _bestWeight = threshold;
        _searchFromNeed = startIsNeed;
        _searchStart = start;
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

        _frontier.Enqueue((startIsNeed, start), long.MinValue);
        while (_frontier.TryPeek(out var node, out var key) && (key == long.MinValue || -key > _bestWeight))
        {
            _frontier.Dequeue();
            Work++;
            _expanded.Add(node);
            if (!node.IsNeed)
            {
                ExpandPledgeBest(node.Slot);
                continue;
            }

            foreach (var (pledge, _) in _needPairs[node.Slot])
            {
                if (_pledgeSeen[pledge] != _stamp && !Rigid(pledge))
                {
                    _pledgeSeen[pledge] = _stamp;
                    _pledgeLink[pledge] = node.Slot;
                    Offer(false, pledge);
                }
            }
        }

        foreach (var (isNeed, slot) in _expanded)
        {
            if (isNeed)
            {
                _needPotential[slot] = Math.Min(_needPotential[slot], _bestWeight);
            }
            else
            {
                _pledgePotential[slot] = Math.Min(_pledgePotential[slot], _bestWeight);
            }
        }

        return _best;
    }

    // A new search over pledge expansions: a new stamp, no class listed, nothing open or expanded.
    private void ResetSearch()
    {
        _stamp++;
        foreach (var list in _classUnseen.Values)
        {
            list.Clear();
            _listPool.Push(list);
        }

        _classUnseen.Clear();
        _frontier.Clear();
        _expanded.Clear();
    }

    // A node just reached: a need with a heavier gap than the best so far becomes the best; a node whose potential
    // beats the best is opened later, in order of its potential.
    private void Offer(bool isNeed, int slot)
    {
        Work++;
        if (isNeed && !(_searchFromNeed && slot == _searchStart) && HasGap(slot) && _needWeight[slot] > _bestWeight)
        {
            _best = slot;
            _bestWeight = _needWeight[slot];
        }

        var potential = isNeed ? _needPotential[slot] : _pledgePotential[slot];
        if (potential > _bestWeight)
        {
            _frontier.Enqueue((isNeed, slot), -potential);
        }
    }

    private void ExpandPledgeBest(int pledge)
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
                    // An unrestricted pledge reaches every need of the class: one visit per search is enough.
                    _classSeen[classId] = _stamp;
                    Work += needClass.Needs.Count;
                    foreach (var need in needClass.Needs)
                    {
                        if (_needSeen[need] != _stamp && Reached(pledge, need))
                        {
                            return;
                        }
                    }

                    continue;
                }

                // A restricted pledge may lack room for some needs that the next one has room for: each class's needs are
                // listed once per search, and every expansion walks only those not reached yet.
                if (!_classUnseen.TryGetValue(classId, out var unseen))
                {
                    unseen = _listPool.Count > 0 ? _listPool.Pop() : [];
                    unseen.AddRange(needClass.Needs);
                    _classUnseen[classId] = unseen;
                    Work += unseen.Count;
                }

                Work += unseen.Count;
                for (var i = unseen.Count - 1; i >= 0; i--)
                {
                    var need = unseen[i];
                    if (_needSeen[need] == _stamp)
                    {
                        unseen[i] = unseen[^1];
                        unseen.RemoveAt(unseen.Count - 1);
                    }
                    else if (Room(pledge, need) > 0)
                    {
                        unseen[i] = unseen[^1];
                        unseen.RemoveAt(unseen.Count - 1);
                        if (Reached(pledge, need))
                        {
                            return;
                        }
                    }
                }
            }
        }
    }

    // Offers a need reached from the pledge; true when the search has found a gap as heavy as the pledge's potential,
    // the most anything it reaches can give: the rest of its needs cannot beat that (whatever they reach, the pledge
    // reaches), so its expansion stops there.
    private bool Reached(int pledge, int need)
    {
        if (_bulkForward)
        {
            ReachedInBulk(pledge, need);
            return false;
        }

        _needSeen[need] = _stamp;
        _needLink[need] = pledge;
        Offer(true, need);
        return _bestWeight >= _pledgePotential[pledge];
    }

    /// <summary>Holds the raises of the changes applied next until <see cref="FlushRaises"/>.</summary>
    public void DeferRaises() => _deferRaises = _potentials;

    /// <summary>Raises for every gap still open and every pair change still in place since <see cref="DeferRaises"/>.</summary>
    public void FlushRaises()
    {
        if (!_deferRaises)
        {
            return;
        }

        if (!_optimizing)
        {
            // The changes of a round (not the moves of a pass): their gaps are filled in bulk before anything is raised.
            FillFreshGaps();
        }

        _deferRaises = false;
        foreach (var (pledge, need) in _pendingPairs)
        {
            if (_pledges[pledge] is not null && _needs[need] is not null)
            {
                PairChanged(pledge, need, _needPairs[need].ContainsKey(pledge));
            }
        }

        foreach (var need in _pendingGaps.Order())
        {
            GapOpened(need);
        }

        _pendingGaps.Clear();
        _pendingPairs.Clear();
    }

    // A need's gap opened or grew: everything that reaches it may now reach its weight.
    private void GapOpened(int need)
    {
        if (_needs[need] is not null && HasGap(need))
        {
            _freshGaps.Add(need);
        }

        if (_deferRaises)
        {
            _pendingGaps.Add(need);
            return;
        }

        if (_potentials && _needs[need] is not null && HasGap(need))
        {
            Raise(true, need, _needWeight[need]);
        }
    }

    private void BeginRaise(long value)
    {
        foreach (var list in _unraised.Values)
        {
            list.Clear();
            _listPool.Push(list);
        }

        _unraised.Clear();
        _raisedWindows.Clear();
        _unraisedRestricted.Clear();
        _raisedTo = value;
    }

    // Lifts the potential of the node and of everything that reaches it (backwards along the residual arcs) to at
    // least the value; nodes already at or above it stop the walk (their predecessors are above them already).
    // keepCells: the unrestricted pledge cells raised by the previous call at the same value are still raised (only
    // while nothing is searched in between, as in InitializePotentials).
    private void Raise(bool isNeed, int slot, long value, bool keepCells = false)
    {
        if (!_potentials || (isNeed ? _needPotential[slot] : _pledgePotential[slot]) >= value)
        {
            return;
        }

        if (!keepCells || value != _raisedTo)
        {
            BeginRaise(value);
        }

        Lift(isNeed, slot, value);
        while (_raise.TryDequeue(out var node))
        {
            Work++;
            if (node.IsNeed)
            {
                RaiseSuppliers(node.Slot, value);
                continue;
            }

            foreach (var (need, _) in _pledgePairs[node.Slot])
            {
                if (_needPotential[need] < value && _needs[need] is not null)
                {
                    Lift(true, need, value);
                }
            }
        }
    }

    private void Lift(bool isNeed, int slot, long value)
    {
        if (isNeed)
        {
            _needPotential[slot] = value;
        }
        else
        {
            _pledgePotential[slot] = value;
        }

        _raise.Enqueue((isNeed, slot));
    }

    // The pledges with a pair into this need that has room (they reach it).
    private bool Overlaps(NeedInput need, int pledge) =>
        Eligibility.WindowsOverlap(need.StartDate, need.EndDate, _pledges[pledge]!.AvailableFrom, _pledges[pledge]!.AvailableUntil);

    private void RaiseSuppliers(int need, long value)
    {
        var input = _needs[need]!;
        foreach (var instrument in input.Instruments)
        {
            foreach (var (country, sector) in new[] { (input.Country, input.Sector), (input.Country, Any), (Any, input.Sector), (Any, Any) })
            {
                var cell = (country, sector, instrument);
                var key = (cell, input.StartDate, input.EndDate);
                if (_raisedWindows.Add(key))
                {
                    if (!_unraised.TryGetValue(cell, out var open))
                    {
                        open = _listPool.Count > 0 ? _listPool.Pop() : [];
                        if (_openPledgesByCell.TryGetValue(cell, out var all))
                        {
                            open.AddRange(all);
                        }

                        _unraised[cell] = open;
                        Work += open.Count;
                    }

                    Work += open.Count;
                    for (var i = open.Count - 1; i >= 0; i--)
                    {
                        var pledge = open[i];
                        if (_pledgePotential[pledge] >= value || Overlaps(input, pledge))
                        {
                            if (_pledgePotential[pledge] < value)
                            {
                                Lift(false, pledge, value);
                            }

                            open[i] = open[^1];
                            open.RemoveAt(open.Count - 1);
                        }
                    }
                }

                if (!_unraisedRestricted.TryGetValue(key, out var restricted))
                {
                    var all = _restrictedPledgesByCell.GetValueOrDefault(cell);
                    Work += all?.Count ?? 0;
                    _unraisedRestricted[key] = restricted = all is null ? [] : [.. all.Where(p => _pledgePotential[p] < value && Overlaps(input, p))];
                }

                Work += restricted.Count;
                for (var i = restricted.Count - 1; i >= 0; i--)
                {
                    var pledge = restricted[i];
                    var raised = _pledgePotential[pledge] >= value;
                    if (!raised && Room(pledge, need) > 0)
                    {
                        Lift(false, pledge, value);
                        raised = true;
                    }

                    if (raised)
                    {
                        restricted[i] = restricted[^1];
                        restricted.RemoveAt(restricted.Count - 1);
                    }
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
                    found = ScanOpen(cell, need, input);
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

    // The cell's unrestricted pledges not reached yet whose window overlaps the need's reach it (they all have room).
    private int ScanOpen((string, string, string) cell, int need, NeedInput input)
    {
        if (!_unreached.TryGetValue(cell, out var open))
        {
            open = _listPool.Count > 0 ? _listPool.Pop() : [];
            if (_openPledgesByCell.TryGetValue(cell, out var all))
            {
                open.AddRange(all);
            }

            _unreached[cell] = open;
            Work += open.Count;
        }

        Work += open.Count;
        for (var i = open.Count - 1; i >= 0; i--)
        {
            var pledge = open[i];
            var seen = _pledgeSeen[pledge] == _stamp;
            if (seen || Overlaps(input, pledge))
            {
                open[i] = open[^1];
                open.RemoveAt(open.Count - 1);
                if (!seen && Reach(pledge, need))
                {
                    return pledge;
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
        if (_bulkBackward)
        {
            // A bulk pass takes every source it finds, and looks on behind it (its money may run out).
            if (_supply[pledge] > _used[pledge])
            {
                _unusedSources.Add(pledge);
                _unusedFound += _supply[pledge] - _used[pledge];
            }

            _queue.Enqueue((false, pledge));
            return false;
        }

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

        MoveAlongLinks(originIsNeed, origin, targetIsNeed, target, delta);

        if (originIsNeed)
        {
            GapOpened(origin);
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
        if (delta < 0)
        {
            GapOpened(need);
        }
    }

    private void AddPair(int pledge, int need, long delta)
    {
        var amount = _needPairs[need].GetValueOrDefault(pledge) + delta;
        if (_tracksChanges)
        {
            _changedPairs.TryAdd((pledge, need), amount - delta);
        }
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

        if (_deferRaises)
        {
            _pendingPairs.Add((pledge, need));
            return;
        }

        PairChanged(pledge, need, delta > 0);
    }

    private void PairChanged(int pledge, int need, bool carries)
    {
        if (!_potentials || Rigid(pledge) || _needs[need] is null)
        {
            return;
        }

        if (carries)
        {
            // The need reaches the pledge (it may take the money back).
            Raise(true, need, _pledgePotential[pledge]);
        }

        if (_pledges[pledge]!.MaxAllocationUsdCents is not null && Room(pledge, need) > 0)
        {
            // A capped pair with room: the pledge reaches the need.
            Raise(false, pledge, _needPotential[need]);
        }
    }

    private long MaxWeight() => Math.Max(Math.Max(_weights.Critical, _weights.High), Math.Max(_weights.Medium, _weights.Low));

    private void BeginSearch()
    {
        _stamp++;
        _cellWindowsSeen.Clear();
        foreach (var list in _unreached.Values)
        {
            list.Clear();
            _listPool.Push(list);
        }

        _unreached.Clear();
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
            Array.Resize(ref _needPotential, _needSeen.Length);
        }

        if (_pledgeSeen.Length < _pledges.Count)
        {
            Array.Resize(ref _pledgeSeen, Math.Max(_pledges.Count, _pledgeSeen.Length * 2));
            Array.Resize(ref _pledgeLink, _pledgeSeen.Length);
            Array.Resize(ref _pledgePotential, _pledgeSeen.Length);
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

    // Moves delta along a search's links (_needLink, _pledgeLink) from a node to the target: each need gives it back to
    // the pledge it was reached from, each pledge puts it on the need it was reached from.
    private void MoveAlongLinks(bool isNeed, int slot, bool targetIsNeed, int target, long delta)
    {
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
}
