namespace Marketplace.Matching.Engine.Network;

// The minimum repair on a large market, where the relaxation routed minimum-ticket pledges through the aggregated
// nodes (TransportationNetworkBuilder.ForRelaxation). There the repair would not dive anyway (each solve costs
// seconds), so it freezes straight from the relaxation, as MinimumAllocationRepair.Freeze does: every pledge with a
// minimum keeps the pairs that carry at least its minimum in the relaxation's decomposition (forced to keep the
// minimum, free to grow up to the pair cap) and loses all others. The frozen network gives those pledges explicit
// arcs to their kept pairs only (TransportationNetworkBuilder.Frozen), so one solve ends the repair and every
// pair of the result meets its minimum. The kept amounts are a feasible flow, so the forced minimums (each at most
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

    // Forces every kept pair of the frozen network to carry at least its pledge's minimum; returns how many.
    public static int Force(PreparedProblem prepared, TransportationNetwork frozen, IFlowSolver solver)
    {
        var forced = 0;
        foreach (var pair in frozen.DirectPairs)
        {
            var minimum = prepared.PledgeMinimums[pair.Pledge];
            if (minimum > 0)
            {
                solver.Bound(pair.Arc, minimum, solver.CapacityOf(pair.Arc));
                forced++;
            }
        }

        return forced;
    }
}
