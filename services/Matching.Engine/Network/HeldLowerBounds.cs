namespace Marketplace.Matching.Engine.Network;

// Lower bounds the relaxation left on preferred arcs (last round's proposals held whole when all of them can
// stay), which forced minimums must fit beside: per pledge and need for aggregated pledges' arcs, per direct
// pair for the others (a pair the repair forces or forbids gets new bounds instead).
internal sealed class HeldLowerBounds
{
    public Dictionary<int, long> ByPledge { get; } = [];
    public Dictionary<int, long> ByNeed { get; } = [];
    public List<(int Pair, long Amount)> DirectPairs { get; } = [];

    public static HeldLowerBounds Read(TransportationNetwork network, IFlowSolver solver)
    {
        var held = new HeldLowerBounds();
        var directArcs = new Dictionary<int, int>();
        for (var index = 0; index < network.DirectPairs.Count; index++)
        {
            if (network.DirectPairs[index].PreferredArc >= 0)
            {
                directArcs[network.DirectPairs[index].PreferredArc] = index;
            }
        }

        for (var arc = 0; arc < network.Arcs.Count; arc++)
        {
            var (_, _, _, _, role, pledge, need) = network.Arcs[arc];
            if (role != ArcRole.Preferred || solver.LowerBoundOf(arc) is not (> 0 and var lower))
            {
                continue;
            }

            if (directArcs.TryGetValue(arc, out var pair))
            {
                held.DirectPairs.Add((pair, lower));
            }
            else
            {
                held.ByPledge[pledge] = held.ByPledge.GetValueOrDefault(pledge) + lower;
                held.ByNeed[need] = held.ByNeed.GetValueOrDefault(need) + lower;
            }
        }

        return held;
    }
}
