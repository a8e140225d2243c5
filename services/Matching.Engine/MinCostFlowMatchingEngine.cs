using System.Diagnostics;
using Marketplace.Matching.Engine.Network;

namespace Marketplace.Matching.Engine;

/// <summary>
/// Maximises Σ weight(need priority) × allocated cents exactly, as a min-cost flow on an aggregated
/// transportation network (see <see cref="TransportationNetworkBuilder"/>), then repairs minimum allocations
/// (see <see cref="MinimumAllocationRepair"/>). Ties are broken towards last round's proposals without
/// giving up any weighted objective. Same input, same output: the network, the solver and the
/// decomposition are all deterministic.
/// </summary>
public sealed class MinCostFlowMatchingEngine : IMatchingEngine
{
    private readonly PriorityWeights _weights;

    public MinCostFlowMatchingEngine(PriorityWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.Validate();
        _weights = weights;
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

        var flows = SolveTimed();
        var relaxedObjective = WeightedObjective(prepared, network, flows);
        var forbidden = 0;
        while (true)
        {
            var started = clock.Elapsed;
            var violations = MinimumAllocationRepair.FindViolations(prepared, network, flows);
            MinimumAllocationRepair.Forbid(solver, violations);
            mappingTime += clock.Elapsed - started;
            if (violations.Count == 0)
            {
                break;
            }

            forbidden += violations.Count;
            flows = SolveTimed();
        }

        var mappingStarted = clock.Elapsed;
        var allocations = FlowDecomposer.Decompose(network, flows)
            .Select(piece => new Allocation(prepared.Needs[piece.Need].Id, prepared.Pledges[piece.Pledge].Id, piece.Amount))
            .ToList();
        var objective = WeightedObjective(prepared, network, flows);
        var funded = allocations.Sum(allocation => allocation.AmountUsdCents);
        var churn = ProposalChurn.Count(allocations, problem.PreviousProposals);
        mappingTime += clock.Elapsed - mappingStarted;

        return new MatchingResult(allocations, objective, funded, churn, graphBuildTime, solveTime, mappingTime)
        {
            Statistics = new MatchingStatistics(
                network.NodeCount, network.Arcs.Count, network.ProfileCount, network.ClassCount,
                network.DirectPairs.Count, network.PreferredArcCount, solver.SolveCount, forbidden, relaxedObjective),
        };
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
