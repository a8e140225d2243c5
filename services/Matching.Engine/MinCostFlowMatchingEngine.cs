using System.Diagnostics;
using Marketplace.Matching.Engine.Incremental;
using Marketplace.Matching.Engine.Network;

namespace Marketplace.Matching.Engine;

/// <summary>
/// Maximises Σ weight(need priority) × allocated cents exactly, as tiered max flows on an aggregated
/// transportation network (see <see cref="TransportationNetworkBuilder"/>), then meets minimum allocations:
/// exactly with CP-SAT on small markets (<see cref="ExactMinimumTicketLimits"/>), else with the repair heuristic
/// (see <see cref="MinimumAllocationRepair"/>; on large markets <see cref="MinimumFreeze"/>). Last round's proposals
/// are kept as they are when they are worth at least the cold solve, and otherwise are the warm start of the kept
/// market, whose augmenting searches restore the optimum from them, so only the proposals on augmenting paths change. Same
/// input, same output: the network, the solvers and the decomposition are all deterministic. With minimums the
/// result is never below the cold solve, last round's still-feasible proposals or the greedy baseline.
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

    /// <summary>When minimum tickets are solved exactly with CP-SAT instead of the repair (see <see cref="ExactMinimumTicketLimits"/>).</summary>
    public ExactMinimumTicketLimits ExactMinimumTickets { get; init; } = ExactMinimumTicketLimits.Default;

    // Largest network on which minimum-ticket pledges get explicit arcs in the relaxation, so that the repair can
    // dive on it (see TransportationNetworkBuilder.ForRelaxation); tests set 0 to run the large markets' freeze.
    internal int ExplicitMinimumArcLimit { get; init; } = MinimumAllocationRepair.SmallNetworkArcs;

    // Budget of the warm start (see WarmStart), in passes over the kept market: the incremental engine's cost model
    // puts a full solve at about 400 such passes, so a warm start that has not settled within a quarter of that is
    // dropped for the cold solve's own allocations (same objective, more churn).
    private const long WarmStartSweeps = 100;
    private const int WarmStartPasses = 50;

    public MatchingResult Solve(MatchingProblem problem) => Solve(problem, out _);

    // The same, and the kept market the result came from when it was settled as one (a warm start), so that the
    // incremental engine can keep it instead of loading it again.
    internal MatchingResult Solve(MatchingProblem problem, out ResidualMarket? settled)
    {
        ArgumentNullException.ThrowIfNull(problem);
        settled = null;
        var clock = Stopwatch.StartNew();
        var prepared = PreparedProblem.From(problem, _weights);
        var (network, minimumsAggregated) = TransportationNetworkBuilder.ForRelaxation(prepared, ExplicitMinimumArcLimit);
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

        // The cold solve: the tiered max flows give the relaxation's optimum (see TieredMaxFlowSolver), the repair
        // meets the minimum tickets. Previous proposals play no part in it; they are the warm start's below.
        var solver = new TieredMaxFlowSolver(network, prepared.NeedWeights);
        var relaxedFlows = SolveTimed(solver);
        var relaxedObjective = WeightedObjective(prepared, network, relaxedFlows);
        var statistics = new MatchingStatistics(
            network.NodeCount, network.Arcs.Count, network.ProfileCount, network.ClassCount, network.DirectPairs.Count, 0, 0, 0, relaxedObjective)
        {
            CellCount = network.CellCount,
        };
        var repairStarted = clock.Elapsed;
        var solveBeforeRepair = solveTime;
        long[] flows;
        List<(int Pledge, int Need, long Amount)>? coldPieces = null;
        int solveCount, forbiddenCount, forcedCount;
        bool repaired;
        if (minimumsAggregated)
        {
            // A large market: the relaxation routed minimum-ticket pledges through the aggregated nodes, so their pairs
            // come from its decomposition, and the freeze solves once more with those pledges reaching only the pairs it
            // keeps.
            var relaxedPieces = FlowDecomposer.Decompose(network, relaxedFlows);
            if (MinimumFreeze.Plan(prepared, relaxedPieces) is { } kept)
            {
                // The relaxation's solver and flows are not needed any more: let them go before the frozen solve.
                (solver, relaxedFlows) = (null!, null!);
                (var frozenSolver, forcedCount, forbiddenCount) = MinimumFreeze.Apply(prepared, network, kept);
                flows = SolveTimed(frozenSolver);
                (solveCount, repaired) = (1 + frozenSolver.SolveCount, true);
            }
            else
            {
                (flows, coldPieces, solveCount, forbiddenCount, forcedCount, repaired) = (relaxedFlows, relaxedPieces, 1, 0, 0, false);
            }
        }
        else
        {
            var repair = new MinimumAllocationRepair(prepared, network, solver);
            flows = repair.Run(relaxedFlows, () => SolveTimed(solver), f => WeightedObjective(prepared, network, f));
            (solveCount, forbiddenCount, forcedCount) = (solver.SolveCount, repair.ForbiddenCount, repair.ForcedCount);
            repaired = forbiddenCount + forcedCount > 0;
        }

        mappingTime += clock.Elapsed - repairStarted - (solveTime - solveBeforeRepair);
        var mappingStarted = clock.Elapsed;
        var objective = WeightedObjective(prepared, network, flows);
        var method = repaired ? MinimumTicketMethod.Repair : MinimumTicketMethod.NotNeeded;
        if (method == MinimumTicketMethod.Repair && Network.ExactMinimumTickets.MayApply(prepared, ExactMinimumTickets))
        {
            // A minimum binds in the relaxation: where the market is small, CP-SAT solves the minimums exactly from the
            // repair's allocations.
            var exactStarted = clock.Elapsed;
            coldPieces = FlowDecomposer.Decompose(network, flows);
            if (Network.ExactMinimumTickets.Solve(prepared, coldPieces, ExactMinimumTickets) is { } exact && exact.Objective >= objective)
            {
                (coldPieces, objective) = (exact.Pieces, exact.Objective);
                method = exact.Optimal ? MinimumTicketMethod.Exact : MinimumTicketMethod.BestWithinBudget;
            }

            solveTime += clock.Elapsed - exactStarted;
            mappingStarted = clock.Elapsed;
        }

        var incumbent = PreviousProposalIncumbent.Build(prepared, problem.PreviousProposals);
        List<Allocation> allocations;
        int? knownChurn = null;
        if (incumbent.Allocations.Count > 0 && incumbent.Objective >= objective)
        {
            // Last round's still-feasible proposals are worth at least the cold solve: without minimum tickets that is
            // the optimum, with them never below the cold solve. Keep them as they are (churn only where a proposal
            // became infeasible); a warm start would find no augmenting path to improve them without minimums.
            allocations = ToAllocations(prepared, incumbent.Allocations);
            (objective, knownChurn) = (incumbent.Objective, incumbent.Churn);
        }
        else if (incumbent.Allocations.Count > 0
            && WarmStart(prepared, coldPieces is null ? RigidPairs(prepared, network, flows) : [.. coldPieces.Where(p => prepared.PledgeMinimums[p.Pledge] > 0)], objective, incumbent.Allocations, problem) is { } warm)
        {
            (allocations, objective, settled) = warm;
        }
        else
        {
            allocations = ToAllocations(prepared, coldPieces ?? FlowDecomposer.Decompose(network, flows));
        }

        // Only a repaired (heuristic) solution can lose to the baseline; never propose less than it would.
        if (method is MinimumTicketMethod.Repair or MinimumTicketMethod.BestWithinBudget && _baseline.Solve(problem) is var baseline && baseline.WeightedObjective > objective)
        {
            (allocations, objective, settled, knownChurn) = (InInputOrder(baseline.Allocations, problem), baseline.WeightedObjective, null, null);
        }
        var funded = allocations.Sum(allocation => allocation.AmountUsdCents);
        var churn = knownChurn ?? ProposalChurn.Count(allocations, problem.PreviousProposals);
        mappingTime += clock.Elapsed - mappingStarted;

        return new MatchingResult(allocations, objective, funded, churn, graphBuildTime, solveTime, mappingTime)
        {
            Statistics = statistics with
            {
                SolveCount = solveCount,
                ForbiddenPairCount = forbiddenCount,
                ForcedPairCount = forcedCount,
                MinimumTickets = method,
            },
        };
    }

    // Stability without a second solve: last round's proposals (those still feasible) are the starting flow of the
    // kept market (ResidualMarket), and its augmenting searches restore the optimum from there, so only the pairs on
    // augmenting paths change. Minimum-ticket pairs are fixed in the kept market (x = 0 or x ≥ min is no flow
    // constraint), so the start takes them from the cold solve's repaired flow: the movable pledges' optimum around
    // them is then at least the cold objective (the cold flow is one feasible choice for them). When last round's
    // minimum-ticket pairs differ from the cold ones, a second start keeps those instead and the better objective
    // wins, fewer changed proposals breaking a tie. Null when the searches run over budget or do not settle, or
    // (never expected) land below the cold objective: the caller then takes the cold flow itself.
    private (List<Allocation> Allocations, long Objective, ResidualMarket Market)? WarmStart(
        PreparedProblem prepared, List<(int Pledge, int Need, long Amount)> coldRigid, long coldObjective,
        List<(int Pledge, int Need, long Amount)> incumbent, MatchingProblem problem)
    {
        var movable = incumbent.Where(a => prepared.PledgeMinimums[a.Pledge] == 0).ToList();
        var previousRigid = incumbent.Where(a => prepared.PledgeMinimums[a.Pledge] > 0).ToList();
        List<(int Pledge, int Need, long Amount)> coldStart = [.. coldRigid, .. movable];
        var starts = new List<List<(int Pledge, int Need, long Amount)>> { coldStart };
        if (!previousRigid.ToHashSet().SetEquals(coldRigid))
        {
            starts.Add(incumbent);
        }

        (List<Allocation> Allocations, long Objective, ResidualMarket Market)? best = null;
        var bestChurn = int.MaxValue;
        foreach (var start in starts)
        {
            var market = ResidualMarket.Load(
                _weights, prepared.Needs, prepared.Pledges,
                prepared.ForbiddenPairs.Select(pair => (prepared.Needs[pair.Need].Id, prepared.Pledges[pair.Pledge].Id)),
                start.Select(a => new Allocation(prepared.Needs[a.Need].Id, prepared.Pledges[a.Pledge].Id, a.Amount)));
            market.WorkLimit = market.Work + (WarmStartSweeps * Math.Max(market.Size, 1_000));
            if (!market.SettleOverfundedNeeds() || !market.Optimize(WarmStartPasses))
            {
                continue;
            }

            var objective = market.Objective();
            var allocations = InInputOrder([.. market.Allocations()], problem);
            var churn = ProposalChurn.Count(allocations, problem.PreviousProposals);
            if (best is null || objective > best.Value.Objective || (objective == best.Value.Objective && churn < bestChurn))
            {
                (best, bestChurn) = ((allocations, objective, market), churn);
            }
        }

        return best is { } found && found.Objective >= coldObjective ? found : null;
    }

    private static List<Allocation> ToAllocations(PreparedProblem prepared, List<(int Pledge, int Need, long Amount)> pieces) =>
        [.. pieces.Select(piece => new Allocation(prepared.Needs[piece.Need].Id, prepared.Pledges[piece.Pledge].Id, piece.Amount))];

    // The minimum-ticket pairs of a flow: pledges with a minimum have explicit pledge → need arcs.
    private static List<(int Pledge, int Need, long Amount)> RigidPairs(PreparedProblem prepared, TransportationNetwork network, long[] flows)
    {
        var pairs = new List<(int Pledge, int Need, long Amount)>();
        foreach (var pair in network.DirectPairs)
        {
            if (prepared.PledgeMinimums[pair.Pledge] > 0 && flows[pair.Arc] > 0)
            {
                pairs.Add((pair.Pledge, pair.Need, flows[pair.Arc]));
            }
        }

        return pairs;
    }

    // The same order as the flow's allocations (need, then pledge, by input position), so that results
    // compare equal whichever way they were found.
    private static List<Allocation> InInputOrder(IReadOnlyList<Allocation> allocations, MatchingProblem problem)
    {
        var needOrder = problem.Needs.Select((need, index) => (need.Id, index)).ToDictionary(StringComparer.Ordinal);
        var pledgeOrder = problem.Pledges.Select((pledge, index) => (pledge.Id, index)).ToDictionary(StringComparer.Ordinal);
        return [.. allocations.OrderBy(a => needOrder[a.NeedId]).ThenBy(a => pledgeOrder[a.PledgeId])];
    }

    // Read from the need→sink arcs (the tiered solver has no single cost to report). Bounded by max weight × total
    // supply, far below int64's range.
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
