namespace Marketplace.Matching.Engine.Network;

// Turns arc flows back into (pledge, need, amount) allocations. The aggregated nodes form layers
// (profile → window cell → class); layer by layer, each node's inflow, labelled by pledge, is split over
// its outflow first-come first-served (the north-west corner rule), which any split may do because every
// pledge reaching a node is eligible for every need reachable from it (and, down a gap chain, within its cap on
// each of them). The rule makes at most
// in + out − 1 pieces per node and is deterministic. Pairs reached by two paths (a kept proposal and the
// class route) are summed.
internal static class FlowDecomposer
{
    public static List<(int Pledge, int Need, long Amount)> Decompose(TransportationNetwork network, long[] flows)
    {
        var pieces = new List<(int Pledge, int Need, long Amount)>();
        var profileInflows = Lists<(int Pledge, long Amount)>(network.ProfileCount);
        var profileOutflows = Lists<(int Cell, long Amount)>(network.ProfileCount);
        var cellOutflows = Lists<(int Class, long Amount)>(network.CellCount);
        var classOutflows = new Dictionary<int, List<(int Need, long Amount)>>();
        var chainInflows = Lists<(int Pledge, long Amount)>(network.ChainNodeCount);

        // A chain node's outflows: its need (≥ 0) and the next node down (~id).
        var chainOutflows = Lists<(int Target, long Amount)>(network.ChainNodeCount);
        for (var arc = 0; arc < flows.Length; arc++)
        {
            var flow = flows[arc];
            if (flow == 0)
            {
                continue;
            }

            var (_, _, _, _, role, from, to) = network.Arcs[arc];
            switch (role)
            {
                case ArcRole.Direct:
                    pieces.Add((from, to, flow));
                    break;
                case ArcRole.PledgeToProfile:
                    profileInflows[to].Add((from, flow));
                    break;
                case ArcRole.ProfileToCell:
                    profileOutflows[from].Add((to, flow));
                    break;
                case ArcRole.CellToClass:
                    cellOutflows[from].Add((to, flow));
                    break;
                case ArcRole.ClassToNeed:
                    ListOf(classOutflows, from).Add((to, flow));
                    break;
                case ArcRole.PledgeToChain:
                    chainInflows[to].Add((from, flow));
                    break;
                case ArcRole.ChainToNeed:
                    chainOutflows[from].Add((to, flow));
                    break;
                case ArcRole.ChainLink:
                    chainOutflows[from].Add((~to, flow));
                    break;
            }
        }

        var cellInflows = Lists<(int Pledge, long Amount)>(network.CellCount);
        for (var profile = 0; profile < profileOutflows.Length; profile++)
        {
            Split(profileInflows[profile], profileOutflows[profile], (pledge, cell, amount) => cellInflows[cell].Add((pledge, amount)));
        }

        var classInflows = new Dictionary<int, List<(int Pledge, long Amount)>>();
        for (var cell = 0; cell < cellOutflows.Length; cell++)
        {
            Split(cellInflows[cell], cellOutflows[cell], (pledge, needClass, amount) => ListOf(classInflows, needClass).Add((pledge, amount)));
        }

        foreach (var (needClass, outflows) in classOutflows.OrderBy(p => p.Key))
        {
            Split(classInflows[needClass], outflows, (pledge, need, amount) => pieces.Add((pledge, need, amount)));
        }

        // Down each gap chain: a node's inflow (pledges entering there and what came down from above) goes to its need
        // and the rest further down. Ids grow up each chain, so descending order visits every node after those above.
        for (var node = chainOutflows.Length - 1; node >= 0; node--)
        {
            Split(chainInflows[node], chainOutflows[node], (pledge, target, amount) =>
            {
                if (target >= 0)
                {
                    pieces.Add((pledge, target, amount));
                }
                else
                {
                    chainInflows[~target].Add((pledge, amount));
                }
            });
        }

        return Merge(pieces);
    }

    private static void Split(List<(int Id, long Amount)> inflows, List<(int Id, long Amount)> outflows, Action<int, int, long> emit)
    {
        if (outflows.Count == 0)
        {
            return;
        }

        var i = 0;
        var leftIn = inflows[0].Amount;
        foreach (var (outId, outAmount) in outflows)
        {
            var leftOut = outAmount;
            while (leftOut > 0)
            {
                var amount = Math.Min(leftIn, leftOut);
                emit(inflows[i].Id, outId, amount);
                leftOut -= amount;
                leftIn -= amount;
                if (leftIn == 0 && ++i < inflows.Count)
                {
                    leftIn = inflows[i].Amount;
                }
            }
        }
    }

    private static List<(int Pledge, int Need, long Amount)> Merge(List<(int Pledge, int Need, long Amount)> pieces)
    {
        pieces.Sort((a, b) => a.Need != b.Need ? a.Need.CompareTo(b.Need) : a.Pledge.CompareTo(b.Pledge));
        var merged = new List<(int Pledge, int Need, long Amount)>(pieces.Count);
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && merged[^1].Pledge == piece.Pledge && merged[^1].Need == piece.Need)
            {
                merged[^1] = merged[^1] with { Amount = merged[^1].Amount + piece.Amount };
            }
            else
            {
                merged.Add(piece);
            }
        }

        return merged;
    }

    private static List<T>[] Lists<T>(int count)
    {
        var lists = new List<T>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = [];
        }

        return lists;
    }

    private static List<T> ListOf<T>(Dictionary<int, List<T>> lists, int key)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        return list;
    }
}
