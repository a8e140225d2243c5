using Google.OrTools.Graph;

namespace Marketplace.Matching.Engine;

/// <summary>
/// Verification aid: the same transportation problem with one explicit arc per eligible (pledge, need)
/// pair and no aggregation. Minimums are relaxed as the engine's first solve relaxes them: a pair whose cap
/// cannot reach its minimum carries nothing, any other pair may carry any amount up to its cap. Its optimum
/// equals the engine's relaxed objective when the aggregation is exact, and bounds every feasible
/// objective from above. Quadratic in size: for tests and the 1k benchmark only.
/// </summary>
public static class UnaggregatedFlowBound
{
    public static long WeightedObjective(MatchingProblem problem, PriorityWeights weights)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(weights);
        var needs = problem.Needs;
        var pledges = problem.Pledges;
        const int source = 0, sink = 1;
        using var solver = new MinCostFlow();
        long supply = 0;
        for (var p = 0; p < pledges.Count; p++)
        {
            var remaining = Math.Max(0, pledges[p].RemainingUsdCents);
            supply += remaining;
            solver.AddArcWithCapacityAndUnitCost(source, 2 + p, remaining, 0);
        }

        for (var n = 0; n < needs.Count; n++)
        {
            var node = 2 + pledges.Count + n;
            solver.AddArcWithCapacityAndUnitCost(node, sink, Math.Max(0, needs[n].RemainingUsdCents), -weights.Of(needs[n].Priority));
            for (var p = 0; p < pledges.Count; p++)
            {
                var pledge = pledges[p];
                var cap = Math.Min(Math.Min(pledge.MaxAllocationUsdCents ?? long.MaxValue, pledge.RemainingUsdCents), needs[n].RemainingUsdCents);
                if (problem.Allows(needs[n], pledge) && cap > 0 && cap >= (pledge.MinAllocationUsdCents ?? 0))
                {
                    solver.AddArcWithCapacityAndUnitCost(2 + p, node, cap, 0);
                }
            }
        }

        solver.AddArcWithCapacityAndUnitCost(source, sink, supply, 0);
        solver.SetNodeSupply(source, supply);
        solver.SetNodeSupply(sink, -supply);
        var status = solver.Solve();
        return status == MinCostFlowBase.Status.OPTIMAL
            ? -solver.OptimalCost()
            : throw new InvalidOperationException($"Reference min-cost flow ended with {status}.");
    }
}
