namespace Marketplace.Matching.Engine.Network;

// The minimum repair on a large market, where the relaxation routed minimum-ticket pledges through the aggregated
// nodes (TransportationNetworkBuilder.ForRelaxation). There the repair would not dive anyway (each solve costs
// seconds), so it freezes straight from the relaxation, as MinimumAllocationRepair.Freeze does: every pledge with a
// minimum keeps the pairs that carry at least its minimum in the relaxation's decomposition (forced to keep the
// minimum, free to grow up to the pair cap) and loses all others. The relaxation's network gets explicit arcs for
// the kept pairs (TransportationNetworkBuilder.AddKeptPairs) and every other arc out of those pledges is closed, so
// they reach their kept pairs only: one solve ends the repair and every pair of the result meets its minimum. The kept amounts are a feasible flow, so the forced minimums (each at most
// its pair's amount) fit every remainder and gap.
internal static class MinimumFreeze
{
    // The needs each minimum-ticket pledge keeps, or null when no pair of the relaxation breaks a minimum (the
    // relaxation is then the exact optimum).
    public static Dictionary<int, List<int>>? Plan(PreparedProblem prepared, IReadOnlyList<(int Pledge, int Need, long Amount)> relaxedPieces)
    {
        var kept = new Dictionary<int, List<int>>();
        var violated = false;
        foreach (var (pledge, need, amount) in relaxedPieces)
        {
            var minimum = prepared.PledgeMinimums[pledge];
            if (minimum == 0 || amount <= 0)
            {
                continue;
            }

            if (amount < minimum)
            {
                violated = true;
                continue;
            }

            if (!kept.TryGetValue(pledge, out var needs))
            {
                kept[pledge] = needs = [];
            }

            needs.Add(need);
        }

        return violated ? kept : null;
    }

    // Applies the plan to the relaxation's network: appends the kept pairs, closes the other arcs out of every pledge with
    // a minimum and forces each kept pair to carry at least the minimum. Returns a solver for the frozen network, the
    // forced pairs and the pairs forbidden (those pledges' eligible pairs not kept).
    public static (TieredMaxFlowSolver Solver, int Forced, int Forbidden) Apply(
        PreparedProblem prepared, TransportationNetwork network, IReadOnlyDictionary<int, List<int>> kept)
    {
        var (firstKept, forbidden) = TransportationNetworkBuilder.AddKeptPairs(prepared, network, kept);
        var solver = new TieredMaxFlowSolver(network, prepared.NeedWeights);
        var forced = 0;
        for (var arc = 0; arc < network.Arcs.Count; arc++)
        {
            var (_, _, capacity, _, role, pledge, _) = network.Arcs[arc];
            if (role is not (ArcRole.PledgeToProfile or ArcRole.Direct) || prepared.PledgeMinimums[pledge] == 0)
            {
                continue;
            }

            if (arc < firstKept)
            {
                solver.Bound(arc, 0, 0);
            }
            else
            {
                solver.Bound(arc, prepared.PledgeMinimums[pledge], capacity);
                forced++;
            }
        }

        return (solver, forced, forbidden);
    }
}
