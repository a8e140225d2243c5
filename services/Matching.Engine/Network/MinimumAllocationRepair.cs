namespace Marketplace.Matching.Engine.Network;

// Minimum allocations make the problem non-convex (x = 0 or x ≥ min), which no flow can express. Repair
// dives from the flow relaxation: while some pair carries a positive amount below its pledge's minimum,
// it solves two candidate fixes and keeps the one with the higher weighted objective:
// (a) forbid every violating pair — what a plain "drop and re-solve" does; and
// (b) force each pledge's largest violating pair up to the minimum with a lower bound and forbid its other
// violating pairs — which finds splits such as 200 + 100 where (a) would drop the 50 of a 250 + 50.
// Either way every violating pair is fixed for good (forbidden or forced pairs never violate again), but
// the flow may then split another pair below a minimum. After a few rounds the repair therefore freezes
// every pledge with a minimum (see Freeze), after which one solve ends it. On small networks a second dive
// starts from the first round's losing candidate (see Run). At most 2 × (2 × dive rounds + 1) + 1 solves in
// all; the last solution meets every minimum; the relaxation's objective bounds the loss.
internal sealed class MinimumAllocationRepair(PreparedProblem prepared, TransportationNetwork network, IFlowSolver solver)
{
    // Rounds that weigh both fixes (two solves each) before freezing. Small networks can afford them and
    // the dive usually ends within them; on large ones each solve costs seconds, so the repair freezes
    // straight after the relaxation (two solves in all), trading a little objective for time.
    private const int DiveRoundsForSmallNetworks = 3;
    internal const int SmallNetworkArcs = 200_000;
    private readonly int _diveRounds = network.Arcs.Count <= SmallNetworkArcs ? DiveRoundsForSmallNetworks : 0;

    // The second dive (see Run) roughly doubles the repair's solves; it is kept for networks where a solve
    // costs about a millisecond. At 1k × 1k (22k arcs) it doubled end-to-end time for no better objective.
    private const int SecondDiveArcs = 5_000;
    private readonly bool _secondDive = network.Arcs.Count <= SecondDiveArcs;

    private RepairPlan _plan = RepairPlan.Empty;
    private RepairPlan _applied = RepairPlan.Empty;

    public int ForbiddenCount => _plan.Forbidden.Count;

    public int ForcedCount => _plan.Forced.Count;

    public long[] Run(long[] relaxedFlows, Func<long[]> solve, Func<long[], long> objective)
    {
        var (plan, flows, alternative) = Dive(RepairPlan.Empty, relaxedFlows, 1, solve, objective);

        // The dive is greedy: a forced minimum that wins its round can crowd out a better pair later (two
        // pledges' minimums competing for one need). On tiny networks, also dive from the first round's
        // losing candidate and keep the better end; the relaxation's arbitrary choice among equally good
        // flows then matters much less.
        if (_secondDive && alternative is { } other)
        {
            var (otherPlan, otherFlows, _) = Dive(other.Plan, other.Flows, 2, solve, objective);
            if (objective(otherFlows) > objective(flows))
            {
                (plan, flows) = (otherPlan, otherFlows);
            }
        }

        _plan = plan;
        return flows;
    }

    private (RepairPlan Plan, long[] Flows, (RepairPlan Plan, long[] Flows)? FirstRoundAlternative) Dive(
        RepairPlan plan, long[] flows, int firstRound, Func<long[]> solve, Func<long[], long> objective)
    {
        (RepairPlan, long[])? alternative = null;
        for (var round = firstRound; ; round++)
        {
            var violations = Violations(flows);
            if (violations.Count == 0)
            {
                return (plan, flows, alternative);
            }

            if (round > _diveRounds)
            {
                plan = Freeze(plan, flows);
                Apply(plan);
                flows = solve();
                continue;
            }

            var forbidAll = plan.Forbid(violations);
            var largest = LargestPerPledge(violations, flows);
            var forceLargest = plan.Force(largest, prepared, network);
            forceLargest = forceLargest.Forbid(violations.Where(index => !forceLargest.Forced.ContainsKey(index)));
            Apply(forbidAll);
            var forbidFlows = solve();
            if (forceLargest.Forced.Count == plan.Forced.Count)
            {
                (plan, flows) = (forbidAll, forbidFlows);
                continue;
            }

            Apply(forceLargest);
            var forceFlows = solve();
            var forceWins = objective(forceFlows) > objective(forbidFlows);
            if (round == 1)
            {
                alternative = forceWins ? (forbidAll, forbidFlows) : (forceLargest, forceFlows);
            }

            (plan, flows) = forceWins ? (forceLargest, forceFlows) : (forbidAll, forbidFlows);
        }
    }

    // Freezes every pledge with a minimum where it stands: its pairs at or above the minimum are forced to
    // keep at least the minimum (they may still grow), all its other pairs are forbidden. The current flow
    // minus its violating pieces stays feasible, and no pledge can violate any more: one last solve.
    private RepairPlan Freeze(RepairPlan plan, long[] flows)
    {
        var keep = new List<int>();
        var drop = new List<int>();
        for (var index = 0; index < network.DirectPairs.Count; index++)
        {
            var pair = network.DirectPairs[index];
            if (prepared.PledgeMinimums[pair.Pledge] > 0 && !plan.Forced.ContainsKey(index))
            {
                (PairFlow(pair, flows) >= prepared.PledgeMinimums[pair.Pledge] ? keep : drop).Add(index);
            }
        }

        return plan.Forbid(drop).Force(keep, prepared, network);
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

    // Largest first: when two forced minimums compete for one need's gap, the pair the relaxation
    // already leaned on most wins, rather than whichever pledge comes first in input order.
    private List<int> LargestPerPledge(List<int> violations, long[] flows) =>
        violations
            .GroupBy(index => network.DirectPairs[index].Pledge)
            .Select(group => group.OrderByDescending(index => PairFlow(network.DirectPairs[index], flows)).ThenBy(index => index).First())
            .OrderByDescending(index => PairFlow(network.DirectPairs[index], flows))
            .ThenBy(index => index)
            .ToList();

    private static long PairFlow(DirectPair pair, long[] flows) =>
        flows[pair.Arc];

    // Re-applies the whole plan so that switching between the two candidates needs no undo log.
    private void Apply(RepairPlan plan)
    {
        foreach (var index in plan.Touched(_applied))
        {
            var pair = network.DirectPairs[index];
            var forced = plan.Forced.GetValueOrDefault(index);
            var forbidden = plan.Forbidden.Contains(index);
            solver.Bound(pair.Arc, forced, forbidden ? 0 : solver.CapacityOf(pair.Arc));
        }

        _applied = plan;
    }
}
