using Google.OrTools.Graph;

namespace Marketplace.Matching.Engine.Network;

/// <summary>
/// The network loaded into OR-Tools' cost-scaling min-cost flow solver. Kept loaded between repair rounds:
/// forbidding a pair only zeroes its arc capacities.
/// </summary>
internal sealed class FlowSolver : IDisposable
{
    private readonly MinCostFlow _solver;
    private readonly int _arcCount;

    public FlowSolver(TransportationNetwork network)
    {
        EnsureCostsFitSolver(network);
        _arcCount = network.Arcs.Count;
        _solver = new MinCostFlow(network.NodeCount, network.Arcs.Count);
        foreach (var arc in network.Arcs)
        {
            _solver.AddArcWithCapacityAndUnitCost(arc.Tail, arc.Head, arc.Capacity, arc.Cost);
        }

        _solver.SetNodeSupply(TransportationNetwork.Source, network.TotalSupply);
        _solver.SetNodeSupply(TransportationNetwork.Sink, -network.TotalSupply);
    }

    public int SolveCount { get; private set; }

    /// <summary>Solves to optimality and returns the flow on every arc, in arc order.</summary>
    public long[] Solve()
    {
        var status = _solver.Solve();
        SolveCount++;
        if (status != MinCostFlowBase.Status.OPTIMAL)
        {
            throw new InvalidOperationException($"Min-cost flow solver ended with {status}.");
        }

        var flows = new long[_arcCount];
        for (var arc = 0; arc < flows.Length; arc++)
        {
            flows[arc] = _solver.Flow(arc);
        }

        return flows;
    }

    public void Forbid(int arc) => _solver.SetArcCapacity(arc, 0);

    public void Dispose() => _solver.Dispose();

    // OR-Tools multiplies every cost by (nodes + 1) and rejects costs above int64.Max / (2 (nodes + 1)).
    // Our largest cost is tie-break scale × largest weight; failing here names the cause instead of
    // surfacing BAD_COST_RANGE.
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
