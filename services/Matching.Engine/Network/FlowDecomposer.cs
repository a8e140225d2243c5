namespace Marketplace.Matching.Engine.Network;

// Turns arc flows back into (pledge, need, amount) allocations. At a profile or class node the inflow is
// split over the outflow first-come first-served (the north-west corner rule), which any split may do
// because every pledge in a profile is eligible for every need of every class it reaches. The rule makes
// at most in + out − 1 pieces per node and is deterministic. Pairs reached by two paths (a kept proposal
// and the class route) are summed.
internal static class FlowDecomposer
{
    public static List<(int Pledge, int Need, long Amount)> Decompose(TransportationNetwork network, long[] flows)
    {
        var pieces = new List<(int Pledge, int Need, long Amount)>();
        var profileInflows = new Dictionary<int, List<(int Pledge, long Amount)>>();
        var profileOutflows = new Dictionary<int, List<(int Class, long Amount)>>();
        var classOutflows = new Dictionary<int, List<(int Need, long Amount)>>();
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
                case ArcRole.Direct or ArcRole.Preferred:
                    pieces.Add((from, to, flow));
                    break;
                case ArcRole.PledgeToProfile:
                    ListOf(profileInflows, to).Add((from, flow));
                    break;
                case ArcRole.ProfileToClass:
                    ListOf(profileOutflows, from).Add((to, flow));
                    break;
                case ArcRole.ClassToNeed:
                    ListOf(classOutflows, from).Add((to, flow));
                    break;
            }
        }

        var classInflows = new Dictionary<int, List<(int Pledge, long Amount)>>();
        foreach (var (profile, outflows) in profileOutflows.OrderBy(p => p.Key))
        {
            Split(profileInflows[profile], outflows, (pledge, needClass, amount) => ListOf(classInflows, needClass).Add((pledge, amount)));
        }

        foreach (var (needClass, outflows) in classOutflows.OrderBy(p => p.Key))
        {
            Split(classInflows[needClass], outflows, (pledge, need, amount) => pieces.Add((pledge, need, amount)));
        }

        return Merge(pieces);
    }

    private static void Split(List<(int Id, long Amount)> inflows, List<(int Id, long Amount)> outflows, Action<int, int, long> emit)
    {
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

    private static List<T> ListOf<T>(Dictionary<int, List<T>> lists, int key)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        return list;
    }
}
