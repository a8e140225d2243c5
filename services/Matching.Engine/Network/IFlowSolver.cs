namespace Marketplace.Matching.Engine.Network;

// A solver for the transportation network that the repair can re-bound and re-solve: TieredMaxFlowSolver in the
// engine; the tests' weighted min-cost flow reference (FlowSolver) implements it too.
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
