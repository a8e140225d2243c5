namespace Marketplace.Matching.Engine.Network;

// The capacitated transportation problem as a min-cost flow network:
// source → pledge → (profile → window cell → need class → need | direct pledge → need) → sink, plus a zero-cost
// source → sink arc so that leaving money unallocated is allowed. Nodes are numbered source, sink,
// pledges, needs, then profiles, cells and classes as they are created.
internal sealed class TransportationNetwork(int pledgeCount, int needCount)
{
    public const int Source = 0;
    public const int Sink = 1;

    public ChunkedList<NetworkArc> Arcs { get; } = new();
    public ChunkedList<DirectPair> DirectPairs { get; } = new();
    public int NodeCount { get; private set; } = 2 + pledgeCount + needCount;
    public int ProfileCount { get; set; }
    public int ClassCount { get; set; }
    public int CellCount { get; set; }
    public int ChainNodeCount { get; set; }
    public long TotalSupply { get; set; }

    public int PledgeNode(int pledge) => 2 + pledge;

    public int NeedNode(int need) => 2 + pledgeCount + need;

    public int AddNode() => NodeCount++;

    public int AddArc(int tail, int head, long capacity, long cost, ArcRole role, int from, int to)
    {
        Arcs.Add(new NetworkArc(tail, head, capacity, cost, role, from, to));
        return Arcs.Count - 1;
    }
}
