namespace Marketplace.Matching.Engine.Network;

/// <summary>
/// Minimum allocations make the problem non-convex (x = 0 or x ≥ min), which no flow can express. Repair
/// dives from the flow relaxation: while some pair carries a positive amount below its pledge's minimum,
/// it solves two candidate fixes and keeps the one with the higher weighted objective:
/// (a) forbid every violating pair — what a plain "drop and re-solve" does; and
/// (b) force each pledge's largest violating pair up to the minimum with a lower bound, leaving the others
///     free — which finds splits such as 200 + 100 where (a) would drop the 50 of a 250 + 50 split.
/// Each round fixes at least one more pair for good (forbidden or forced pairs never violate again), so
/// the dive ends, and its last solution meets every minimum. The relaxation's objective bounds the loss.
/// </summary>
internal sealed class MinimumAllocationRepair(PreparedProblem prepared, TransportationNetwork network, FlowSolver solver)
{
    private RepairPlan _plan = RepairPlan.Empty;
    private RepairPlan _applied = RepairPlan.Empty;

    public int ForbiddenCount => _plan.Forbidden.Count;

    public int ForcedCount => _plan.Forced.Count;

    public long[] Run(long[] relaxedFlows, Func<long[]> solve, Func<long[], long> objective)
    {
        var flows = relaxedFlows;
        while (true)
        {
            var violations = Violations(flows);
            if (violations.Count == 0)
            {
                return flows;
            }

            var forbidAll = _plan.Forbid(violations);
            var forceLargest = _plan.Force(LargestPerPledge(violations, flows), prepared, network);
            Apply(forbidAll);
            var forbidFlows = solve();
            if (forceLargest.Forced.Count == _plan.Forced.Count)
            {
                (_plan, flows) = (forbidAll, forbidFlows);
                continue;
            }

            Apply(forceLargest);
            var forceFlows = solve();
            (_plan, flows) = objective(forceFlows) > objective(forbidFlows) ? (forceLargest, forceFlows) : (forbidAll, forbidFlows);
        }
    }

    private List<int> Violations(long[] flows)
    {
        var violations = new List<int>();
        for (var index = 0; index < network.DirectPairs.Count; index++)
        {
            var pair = network.DirectPairs[index];
            var amount = PairFlow(pair, flows);
            if (amount > 0 && amount < prepared.PledgeMinimums[pair.Pledge])
            {
                violations.Add(index);
            }
        }

        return violations;
    }

    private List<int> LargestPerPledge(List<int> violations, long[] flows) =>
        violations
            .GroupBy(index => network.DirectPairs[index].Pledge)
            .Select(group => group.OrderByDescending(index => PairFlow(network.DirectPairs[index], flows)).ThenBy(index => index).First())
            .ToList();

    private static long PairFlow(DirectPair pair, long[] flows) =>
        flows[pair.RegularArc] + (pair.PreferredArc >= 0 ? flows[pair.PreferredArc] : 0);

    // Re-applies the whole plan so that switching between the two candidates needs no undo log.
    private void Apply(RepairPlan plan)
    {
        foreach (var index in plan.Touched(_applied))
        {
            var pair = network.DirectPairs[index];
            var forced = plan.Forced.GetValueOrDefault(index);
            var forbidden = plan.Forbidden.Contains(index);
            var preferredCap = pair.PreferredArc >= 0 ? solver.CapacityOf(pair.PreferredArc) : 0;
            var preferredLower = Math.Min(forced, preferredCap);
            if (pair.PreferredArc >= 0)
            {
                solver.Bound(pair.PreferredArc, preferredLower, forbidden ? 0 : preferredCap);
            }

            solver.Bound(pair.RegularArc, forced - preferredLower, forbidden ? 0 : solver.CapacityOf(pair.RegularArc));
        }

        _applied = plan;
    }
}
