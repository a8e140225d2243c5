namespace Marketplace.Matching.Engine.Network;

// A solver for the transportation network that the repair can re-bound and re-solve: FlowSolver (weighted
// min-cost flow, needed when the stability tie-break is in play) or TieredMaxFlowSolver (same optimum,
// faster, without the tie-break).
internal interface IFlowSolver : IDisposable
{
    int SolveCount { get; }

    // Solves to optimality and returns the flow on every arc, in arc order.
    long[] Solve();

    // Sets an arc to carry between lowerBound and capacity (0 and 0 forbids it).
    void Bound(int arc, long lowerBound, long capacity);

    long CapacityOf(int arc);

    long LowerBoundOf(int arc);
}
