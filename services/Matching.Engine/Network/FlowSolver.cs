using Google.OrTools.Graph;

namespace Marketplace.Matching.Engine.Network;

// The network loaded into OR-Tools' cost-scaling min-cost flow solver, kept loaded between repair rounds.
// A pair is forbidden by zeroing its capacity and forced to carry at least its minimum by a lower bound,
// modelled the usual way: the bound is shipped up front (tail supply −L, head supply +L) and the arc keeps
// capacity − L; flows are reported with the bound added back.
internal sealed class FlowSolver : IDisposable
{
    private readonly MinCostFlow _solver;
    private readonly long[] _capacities;
    private readonly long[] _lowerBounds;
    private readonly long[] _supplies;
    private readonly (int Tail, int Head)[] _ends;

    public FlowSolver(TransportationNetwork network)
    {
        EnsureCostsFitSolver(network);
        _solver = new MinCostFlow(network.NodeCount, network.Arcs.Count);
        _capacities = new long[network.Arcs.Count];
        _lowerBounds = new long[network.Arcs.Count];
        _ends = new (int, int)[network.Arcs.Count];
        for (var arc = 0; arc < network.Arcs.Count; arc++)
        {
            var (tail, head, capacity, cost, _, _, _) = network.Arcs[arc];
            _solver.AddArcWithCapacityAndUnitCost(tail, head, capacity, cost);
            _capacities[arc] = capacity;
            _ends[arc] = (tail, head);
        }

        _supplies = new long[network.NodeCount];
        _supplies[TransportationNetwork.Source] = network.TotalSupply;
        _supplies[TransportationNetwork.Sink] = -network.TotalSupply;
        _solver.SetNodeSupply(TransportationNetwork.Source, network.TotalSupply);
        _solver.SetNodeSupply(TransportationNetwork.Sink, -network.TotalSupply);
    }

    public int SolveCount { get; private set; }

    // Solves to optimality and returns the flow on every arc, in arc order.
    public long[] Solve()
    {
        var status = _solver.Solve();
        SolveCount++;
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"Min-cost flow solver ended with {status}.");
        }

        var flows = new long[_capacities.Length];
        for (var arc = 0; arc < flows.Length; arc++)
        {
            flows[arc] = _solver.Flow(arc) + _lowerBounds[arc];
        }

        return flows;
    }

    // Sets an arc to carry between lowerBound and capacity (0 and 0 forbids it).
    public void Bound(int arc, long lowerBound, long capacity)
    {
        var (tail, head) = _ends[arc];
        var shift = lowerBound - _lowerBounds[arc];
        if (shift != 0)
        {
            _supplies[tail] -= shift;
            _supplies[head] += shift;
            _solver.SetNodeSupply(tail, _supplies[tail]);
            _solver.SetNodeSupply(head, _supplies[head]);
            _lowerBounds[arc] = lowerBound;
        }

        _solver.SetArcCapacity(arc, capacity - lowerBound);
    }

    public long CapacityOf(int arc) => _capacities[arc];

    public void Dispose() => _solver.Dispose();

    // OR-Tools multiplies every cost by (nodes + 1) and rejects costs above int64.Max / (2 (nodes + 1)).
    // Our largest cost is tie-break scale × largest weight; failing here names the cause instead of
    // surfacing BAD_COST_RANGE, and the factor 4 leaves headroom for node potentials.
    private static void EnsureCostsFitSolver(TransportationNetwork network)
    {
        var threshold = long.MaxValue / (2L * (network.NodeCount + 1));
        var largest = network.Arcs.Count == 0 ? 0 : network.Arcs.Max(arc => Math.Abs(arc.Cost));
        if (largest > threshold / 4)
        {
            throw new InvalidOperationException(
                $"Arc cost {largest} leaves no headroom under the solver's limit {threshold}: " +
                "lower the priority weights or the number of previous proposals.");
        }
    }
}
