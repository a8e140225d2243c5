using System.Diagnostics;

namespace Marketplace.Matching.Engine;

/// <summary>
/// The baseline the optimiser is measured against: needs by priority (critical first, then input order),
/// each filled first-fit from its eligible pledges in input order, taking as much as the pledge's
/// remainder, its per-allocation cap and the need's gap allow, and skipping a pledge whose minimum does
/// not fit. Pledges are found through a (country, sector, instrument) index, not a scan of all pledges.
/// </summary>
public sealed class GreedyMatchingEngine(PriorityWeights weights) : IMatchingEngine
{
    public GreedyMatchingEngine()
        : this(new PriorityWeights())
    {
    }

    public MatchingResult Solve(MatchingProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var clock = Stopwatch.StartNew();
        var index = new PledgeCellIndex(problem.Pledges);
        var graphBuildTime = clock.Elapsed;

        var remaining = problem.Pledges.Select(p => p.RemainingUsdCents).ToArray();
        var allocations = new List<Allocation>();
        long objective = 0;
        var order = Enumerable.Range(0, problem.Needs.Count).OrderBy(n => problem.Needs[n].Priority).ThenBy(n => n);
        foreach (var needIndex in order)
        {
            var need = problem.Needs[needIndex];
            var gap = need.RemainingUsdCents;
            foreach (var pledgeIndex in index.CandidatesInInputOrder(need))
            {
                if (gap <= 0)
                {
                    break;
                }

                var pledge = problem.Pledges[pledgeIndex];
                var amount = Math.Min(Math.Min(gap, remaining[pledgeIndex]), pledge.MaxAllocationUsdCents ?? long.MaxValue);
                if (amount <= 0 || amount < (pledge.MinAllocationUsdCents ?? 0) || !problem.Allows(need, pledge))
                {
                    continue;
                }

                allocations.Add(new Allocation(need.Id, pledge.Id, amount));
                remaining[pledgeIndex] -= amount;
                index.MarkIfExhausted(pledgeIndex, remaining[pledgeIndex]);
                gap -= amount;
                objective += weights.Of(need.Priority) * amount;
            }
        }

        var solveTime = clock.Elapsed - graphBuildTime;
        var churn = ProposalChurn.Count(allocations, problem.PreviousProposals);
        return new MatchingResult(
            allocations, objective, allocations.Sum(a => a.AmountUsdCents), churn, graphBuildTime, solveTime, clock.Elapsed - graphBuildTime - solveTime);
    }
}
