using System.Diagnostics;
using Marketplace.Matching.Engine.Network;

namespace Marketplace.Matching.Engine;

/// <summary>
/// Maximises Σ weight(need priority) × allocated cents exactly, as a min-cost flow on an aggregated
/// transportation network (see <see cref="TransportationNetworkBuilder"/>), then repairs minimum allocations
/// (see <see cref="MinimumAllocationRepair"/>). Ties are broken towards last round's proposals without
/// giving up any weighted objective. Same input, same output: the network, the solver and the
/// decomposition are all deterministic. With minimums the result is the best of the repaired flow, last
/// round's still-feasible proposals and the greedy baseline.
/// </summary>
public sealed class MinCostFlowMatchingEngine : IMatchingEngine
{
    private readonly PriorityWeights _weights;
    private readonly GreedyMatchingEngine _baseline;

    public MinCostFlowMatchingEngine(PriorityWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.Validate();
        _weights = weights;
        _baseline = new GreedyMatchingEngine(weights);
    }

    public MatchingResult Solve(MatchingProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var clock = Stopwatch.StartNew();
        var prepared = PreparedProblem.From(problem, _weights);
        var network = TransportationNetworkBuilder.Build(prepared, problem.PreviousProposals);
        var graphBuildTime = clock.Elapsed;
        var solveTime = TimeSpan.Zero;
        var mappingTime = TimeSpan.Zero;
        long[] SolveTimed(IFlowSolver flowSolver)
        {
            var started = clock.Elapsed;
            var flows = flowSolver.Solve();
            solveTime += clock.Elapsed - started;
            return flows;
        }

        // Loading the min-cost flow solver (when it is needed) counts as building the graph; the tiered
        // solver loads its arcs inside each solve.
        var (solver, relaxedFlows) = SolveRelaxation(prepared, network, SolveTimed);
        using var disposeSolver = solver;
        graphBuildTime = clock.Elapsed - solveTime;
        var relaxedObjective = WeightedObjective(prepared, network, relaxedFlows);
        var repair = new MinimumAllocationRepair(prepared, network, solver);
        var repairStarted = clock.Elapsed;
        var solveBeforeRepair = solveTime;
        var flows = repair.Run(relaxedFlows, () => SolveTimed(solver), f => WeightedObjective(prepared, network, f));
        mappingTime += clock.Elapsed - repairStarted - (solveTime - solveBeforeRepair);

        var mappingStarted = clock.Elapsed;
        var pieces = FlowDecomposer.Decompose(network, flows);
        var objective = WeightedObjective(prepared, network, flows);
        var incumbent = PreviousProposalIncumbent.Build(prepared, problem.PreviousProposals);
        if (incumbent.Allocations.Count > 0 && incumbent.Objective >= objective)
        {
            (pieces, objective) = incumbent;
        }

        var allocations = pieces
            .Select(piece => new Allocation(prepared.Needs[piece.Need].Id, prepared.Pledges[piece.Pledge].Id, piece.Amount))
            .ToList();

        // Only a repaired (heuristic) solution can lose to the baseline; never propose less than it would.
        if (repair.ForbiddenCount + repair.ForcedCount > 0 && _baseline.Solve(problem) is var baseline && baseline.WeightedObjective > objective)
        {
            (allocations, objective) = (InInputOrder(baseline.Allocations, problem), baseline.WeightedObjective);
        }
        var funded = allocations.Sum(allocation => allocation.AmountUsdCents);
        var churn = ProposalChurn.Count(allocations, problem.PreviousProposals);
        mappingTime += clock.Elapsed - mappingStarted;

        return new MatchingResult(allocations, objective, funded, churn, graphBuildTime, solveTime, mappingTime)
        {
            Statistics = new MatchingStatistics(
                network.NodeCount, network.Arcs.Count, network.ProfileCount, network.ClassCount,
                network.DirectPairs.Count, network.PreferredArcCount, solver.SolveCount, repair.ForbiddenCount, repair.ForcedCount, relaxedObjective)
            {
                CellCount = network.CellCount,
            },
        };
    }

    // The relaxation's optimum and the solver the repair continues with. Without previous proposals there
    // is no tie-break and the tiered max flows give the optimum (see TieredMaxFlowSolver). With them, the
    // common case is that last round's proposals can all stay: the tiered flow that keeps every preferred
    // arc full (as lower bounds) is then checked against the tiered optimum without them; if the weighted
    // objective is the same, that flow is optimal and keeps every previous cent, which is exactly what the
    // lexicographic tie-break asks for. Otherwise the weighted min-cost flow with the scaled tie-break
    // (FlowSolver) decides which proposals to give up.
    private static (IFlowSolver Solver, long[] Flows) SolveRelaxation(
        PreparedProblem prepared, TransportationNetwork network, Func<IFlowSolver, long[]> solve)
    {
        var tiered = new TieredMaxFlowSolver(network, prepared.NeedWeights);
        var optimum = solve(tiered);
        if (network.PreferredArcCount == 0)
        {
            return (tiered, optimum);
        }

        if (KeepEveryPreferredArc(prepared, network, tiered))
        {
            var keeping = solve(tiered);
            if (WeightedObjective(prepared, network, keeping) == WeightedObjective(prepared, network, optimum))
            {
                return (tiered, keeping);
            }
        }

        tiered.Dispose();
        var weighted = new FlowSolver(network);
        return (weighted, solve(weighted));
    }

    // Bounds every preferred arc below by its capacity, if together they fit every pledge's remainder and
    // every need's gap; the tiered solver routes such bounds first.
    private static bool KeepEveryPreferredArc(PreparedProblem prepared, TransportationNetwork network, IFlowSolver solver)
    {
        var byPledge = new long[prepared.Pledges.Count];
        var byNeed = new long[prepared.Needs.Count];
        var preferred = new List<int>();
        for (var arc = 0; arc < network.Arcs.Count; arc++)
        {
            var (_, _, capacity, _, role, pledge, need) = network.Arcs[arc];
            if (role != ArcRole.Preferred)
            {
                continue;
            }

            preferred.Add(arc);
            byPledge[pledge] += capacity;
            byNeed[need] += capacity;
            if (byPledge[pledge] > prepared.Pledges[pledge].RemainingUsdCents || byNeed[need] > prepared.Needs[need].RemainingUsdCents)
            {
                return false;
            }
        }

        foreach (var arc in preferred)
        {
            solver.Bound(arc, solver.CapacityOf(arc), solver.CapacityOf(arc));
        }

        return true;
    }

    // The same order as the flow's allocations (need, then pledge, by input position), so that results
    // compare equal whichever way they were found.
    private static List<Allocation> InInputOrder(IReadOnlyList<Allocation> allocations, MatchingProblem problem)
    {
        var needOrder = problem.Needs.Select((need, index) => (need.Id, index)).ToDictionary(StringComparer.Ordinal);
        var pledgeOrder = problem.Pledges.Select((pledge, index) => (pledge.Id, index)).ToDictionary(StringComparer.Ordinal);
        return [.. allocations.OrderBy(a => needOrder[a.NeedId]).ThenBy(a => pledgeOrder[a.PledgeId])];
    }

    // Read from the need→sink arcs rather than from OR-Tools' optimal cost, which includes the tie-break
    // bonus and is capped on overflow. Bounded by max weight × total supply, far below int64's range.
    private static long WeightedObjective(PreparedProblem prepared, TransportationNetwork network, long[] flows)
    {
        long objective = 0;
        for (var arc = 0; arc < flows.Length; arc++)
        {
            var (_, _, _, _, role, need, _) = network.Arcs[arc];
            if (role == ArcRole.NeedGap)
            {
                objective = checked(objective + prepared.NeedWeights[need] * flows[arc]);
            }
        }

        return objective;
    }
}
