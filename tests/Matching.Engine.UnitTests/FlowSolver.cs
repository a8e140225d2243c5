using Google.OrTools.Graph;

namespace Marketplace.Matching.Engine.Network;

// The tests' reference: the network loaded into OR-Tools' cost-scaling min-cost flow solver (the weighted optimum the
// engine's tiered max flows must equal), kept between repair rounds.
// A pair is forbidden by zeroing its capacity and forced to carry at least its minimum by a lower bound,
// modelled the usual way: the bound is shipped up front (tail supply −L, head supply +L) and the arc keeps
// capacity − L; flows are reported with the bound added back.
// Closed arcs still cost the solver a scan each time it looks at their tail, and the repair's freeze closes
// most explicit pairs at once (at 10k × 10k ≈ 164k of 403k arcs). When closed arcs are a large share of the
// loaded ones, the next solve reloads a fresh solver with only the open arcs: OR-Tools builds its graph
// from the arc list on every solve anyway, so the reload costs only the arc calls.
internal sealed class FlowSolver : IFlowSolver
{
    // Reload when at least this share of the loaded arcs is closed.
    private const double ReloadClosedShare = 0.2;

    private readonly TransportationNetwork _network;
    private readonly long[] _capacities;
    private readonly long[] _lowerBounds;
    private readonly long[] _upperBounds;
    private readonly long[] _supplies;
    private readonly int[] _loadedAs;
    private MinCostFlow _solver;
    private int _loadedCount;
    private int _closedLoaded;
    private bool _reopened;

    public FlowSolver(TransportationNetwork network)
    {
        EnsureCostsFitSolver(network);
        _network = network;
        var arcCount = network.Arcs.Count;
        _capacities = new long[arcCount];
        _lowerBounds = new long[arcCount];
        _upperBounds = new long[arcCount];
        _loadedAs = new int[arcCount];
        for (var arc = 0; arc < arcCount; arc++)
        {
            _capacities[arc] = _upperBounds[arc] = network.Arcs[arc].Capacity;
        }

        _supplies = new long[network.NodeCount];
        _supplies[TransportationNetwork.Source] = network.TotalSupply;
        _supplies[TransportationNetwork.Sink] = -network.TotalSupply;
        _solver = Load(all: true);
    }

    public int SolveCount { get; private set; }

    public int ReloadCount { get; private set; }

    // Solves to optimality and returns the flow on every arc, in arc order.
    public long[] Solve()
    {
        if (_reopened || _closedLoaded >= ReloadClosedShare * _loadedCount)
        {
            _solver.Dispose();
            _solver = Load(all: false);
            ReloadCount++;
        }

        var status = _solver.Solve();
        SolveCount++;
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"Min-cost flow solver ended with {status}.");
        }

        var flows = new long[_capacities.Length];
        for (var arc = 0; arc < flows.Length; arc++)
        {
            flows[arc] = _lowerBounds[arc] + (_loadedAs[arc] >= 0 ? _solver.Flow(_loadedAs[arc]) : 0);
        }

        return flows;
    }

    // Sets an arc to carry between lowerBound and capacity (0 and 0 forbids it).
    public void Bound(int arc, long lowerBound, long capacity)
    {
        var (tail, head, _, _, _, _, _) = _network.Arcs[arc];
        var shift = lowerBound - _lowerBounds[arc];
        if (shift != 0)
        {
            _supplies[tail] -= shift;
            _supplies[head] += shift;
            _lowerBounds[arc] = lowerBound;
            _solver.SetNodeSupply(tail, _supplies[tail]);
            _solver.SetNodeSupply(head, _supplies[head]);
        }

        var wasClosed = _upperBounds[arc] == 0;
        _upperBounds[arc] = capacity - lowerBound;
        var isClosed = _upperBounds[arc] == 0;
        if (_loadedAs[arc] < 0)
        {
            _reopened |= !isClosed;
            return;
        }

        _closedLoaded += (isClosed ? 1 : 0) - (wasClosed ? 1 : 0);
        _solver.SetArcCapacity(_loadedAs[arc], _upperBounds[arc]);
    }

    public long CapacityOf(int arc) => _capacities[arc];

    public long LowerBoundOf(int arc) => _lowerBounds[arc];

    public void Dispose() => _solver.Dispose();

    // A solver holding every arc (at construction), or only the open ones.
    private MinCostFlow Load(bool all)
    {
        var arcs = _network.Arcs;
        var solver = new MinCostFlow(_network.NodeCount, arcs.Count);
        _loadedCount = _closedLoaded = 0;
        for (var arc = 0; arc < arcs.Count; arc++)
        {
            if (!all && _upperBounds[arc] == 0)
            {
                _loadedAs[arc] = -1;
                continue;
            }

            var (tail, head, _, cost, _, _, _) = arcs[arc];
            _loadedAs[arc] = solver.AddArcWithCapacityAndUnitCost(tail, head, _upperBounds[arc], cost);
            _loadedCount++;
            _closedLoaded += _upperBounds[arc] == 0 ? 1 : 0;
        }

        for (var node = 0; node < _supplies.Length; node++)
        {
            if (_supplies[node] != 0)
            {
                solver.SetNodeSupply(node, _supplies[node]);
            }
        }

        _reopened = false;
        return solver;
    }

    // OR-Tools multiplies every cost by (nodes + 1) and rejects costs above int64.Max / (2 (nodes + 1)).
    // Our largest cost is the largest weight; failing here names the cause instead of
    // surfacing BAD_COST_RANGE, and the factor 4 leaves headroom for node potentials.
    private static void EnsureCostsFitSolver(TransportationNetwork network)
    {
        var threshold = long.MaxValue / (2L * (network.NodeCount + 1));
        var largest = network.Arcs.Count == 0 ? 0 : network.Arcs.Max(arc => Math.Abs(arc.Cost));
        if (largest > threshold / 4)
        {
            throw new InvalidOperationException(
                $"Arc cost {largest} leaves no headroom under the solver's limit {threshold}: " +
                "lower the priority weights.");
        }
    }
}
