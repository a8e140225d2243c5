namespace Marketplace.Matching.Engine.Network;

/// <summary>
/// Minimum allocations make the problem non-convex (x = 0 or x ≥ min), which no flow can express. Repair:
/// solve the flow relaxation, forbid every pair that received a positive amount below its pledge's minimum,
/// re-solve, until no pair does. Each round forbids at least one more pair, so it ends; the last solution
/// respects every minimum; the first solution's objective bounds the loss from above.
/// </summary>
internal static class MinimumAllocationRepair
{
    public static IReadOnlyList<DirectPair> FindViolations(PreparedProblem prepared, TransportationNetwork network, long[] flows)
    {
        var violations = new List<DirectPair>();
        foreach (var pair in network.DirectPairs)
        {
            var minimum = prepared.PledgeMinimums[pair.Pledge];
            if (minimum == 0)
            {
                continue;
            }

            var amount = flows[pair.RegularArc] + (pair.PreferredArc >= 0 ? flows[pair.PreferredArc] : 0);
            if (amount > 0 && amount < minimum)
            {
                violations.Add(pair);
            }
        }

        return violations;
    }

    public static void Forbid(FlowSolver solver, IEnumerable<DirectPair> pairs)
    {
        foreach (var pair in pairs)
        {
            solver.Forbid(pair.RegularArc);
            if (pair.PreferredArc >= 0)
            {
                solver.Forbid(pair.PreferredArc);
            }
        }
    }
}
