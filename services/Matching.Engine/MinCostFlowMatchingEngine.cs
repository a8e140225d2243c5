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
        using var solver = new FlowSolver(network);
        var graphBuildTime = clock.Elapsed;

        var solveTime = TimeSpan.Zero;
        var mappingTime = TimeSpan.Zero;
        long[] SolveTimed()
        {
            var started = clock.Elapsed;
            var flows = solver.Solve();
            solveTime += clock.Elapsed - started;
            return flows;
        }

        var relaxedFlows = SolveTimed();
        var relaxedObjective = WeightedObjective(prepared, network, relaxedFlows);
        var repair = new MinimumAllocationRepair(prepared, network, solver);
        var repairStarted = clock.Elapsed;
        var solveBeforeRepair = solveTime;
        var flows = repair.Run(relaxedFlows, SolveTimed, f => WeightedObjective(prepared, network, f));
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
