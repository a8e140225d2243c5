namespace Marketplace.Matching.Engine.Network;

// Minimum allocations make the problem non-convex (x = 0 or x ≥ min), which no flow can express. Repair
// dives from the flow relaxation: while some pair carries a positive amount below its pledge's minimum,
// it solves two candidate fixes and keeps the one with the higher weighted objective:
// (a) forbid every violating pair — what a plain "drop and re-solve" does; and
// (b) force each pledge's largest violating pair up to the minimum with a lower bound and forbid its other
// violating pairs — which finds splits such as 200 + 100 where (a) would drop the 50 of a 250 + 50.
// Either way every violating pair is fixed for good (forbidden or forced pairs never violate again), but
// the flow may then split another pair below a minimum. After a few rounds the repair therefore freezes
// every pledge with a minimum (see Freeze), after which one solve ends it. At most
// 2 × dive rounds + 2 solves in all; the last solution meets every minimum; the relaxation's objective
// bounds the loss.
internal sealed class MinimumAllocationRepair(PreparedProblem prepared, TransportationNetwork network, FlowSolver solver)
{
    // Rounds that weigh both fixes (two solves each) before freezing. Small networks can afford them and
    // the dive usually ends within them; on large ones each solve costs seconds, so the repair freezes
    // straight after the relaxation (two solves in all), trading a little objective for time.
    private const int DiveRoundsForSmallNetworks = 3;
    private const int SmallNetworkArcs = 200_000;
    private readonly int _diveRounds = network.Arcs.Count <= SmallNetworkArcs ? DiveRoundsForSmallNetworks : 0;

    private RepairPlan _plan = RepairPlan.Empty;
    private RepairPlan _applied = RepairPlan.Empty;

    public int ForbiddenCount => _plan.Forbidden.Count;

    public int ForcedCount => _plan.Forced.Count;

    public long[] Run(long[] relaxedFlows, Func<long[]> solve, Func<long[], long> objective)
    {
        var flows = relaxedFlows;
        for (var round = 1; ; round++)
        {
            var violations = Violations(flows);
            if (violations.Count == 0)
            {
                return flows;
            }

            if (round > _diveRounds)
            {
                _plan = Freeze(flows);
                Apply(_plan);
                flows = solve();
                continue;
            }

            var forbidAll = _plan.Forbid(violations);
            var largest = LargestPerPledge(violations, flows);
            var forceLargest = _plan.Force(largest, prepared, network);
            forceLargest = forceLargest.Forbid(violations.Where(index => !forceLargest.Forced.ContainsKey(index)));
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

    // Freezes every pledge with a minimum where it stands: its pairs at or above the minimum are forced to
    // keep at least the minimum (they may still grow), all its other pairs are forbidden. The current flow
    // minus its violating pieces stays feasible, and no pledge can violate any more: one last solve.
    private RepairPlan Freeze(long[] flows)
    {
        var keep = new List<int>();
        var drop = new List<int>();
        for (var index = 0; index < network.DirectPairs.Count; index++)
        {
            var pair = network.DirectPairs[index];
            if (prepared.PledgeMinimums[pair.Pledge] > 0 && !_plan.Forced.ContainsKey(index))
            {
                (PairFlow(pair, flows) >= prepared.PledgeMinimums[pair.Pledge] ? keep : drop).Add(index);
            }
        }

        return _plan.Forbid(drop).Force(keep, prepared, network);
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
