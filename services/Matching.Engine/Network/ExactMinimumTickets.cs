using Google.OrTools.Sat;
using Google.OrTools.Util;

namespace Marketplace.Matching.Engine.Network;

// Minimum tickets solved exactly where the market is small: one CP-SAT integer variable per eligible, allowed pair,
// its domain {0} ∪ [min, cap] for a pledge with a minimum and [0, cap] otherwise, Σ per need ≤ its gap, Σ per pledge
// ≤ its remainder, maximise Σ weight × amount. That is the whole semi-continuous problem the flow relaxation and the
// repair approximate. The repair's allocations are the hint CP-SAT starts from, so within its time budget it ends at
// least there. Null when the market is over the limits (the model would be too large to settle in the budget).
internal static class ExactMinimumTickets
{
    // The cheap half of the limits, checked before the repair's flow is decomposed for the hint.
    public static bool MayApply(PreparedProblem prepared, ExactMinimumTicketLimits limits) =>
        (long)prepared.Needs.Count * prepared.Pledges.Count <= limits.MarketPairs;

    public static (List<(int Pledge, int Need, long Amount)> Pieces, long Objective, bool Optimal)? Solve(
        PreparedProblem prepared, IReadOnlyList<(int Pledge, int Need, long Amount)> hint, ExactMinimumTicketLimits limits)
    {
        if (!MayApply(prepared, limits))
        {
            return null;
        }

        var pairs = new List<(int Pledge, int Need, long Cap)>();
        var withMinimum = 0;
        for (var need = 0; need < prepared.Needs.Count; need++)
        {
            for (var pledge = 0; pledge < prepared.Pledges.Count; pledge++)
            {
                var cap = Eligibility.IsEligible(prepared.Needs[need], prepared.Pledges[pledge]) ? prepared.PairCap(pledge, need) : 0;
                if (cap <= 0)
                {
                    continue;
                }

                pairs.Add((pledge, need, cap));
                withMinimum += prepared.PledgeMinimums[pledge] > 0 ? 1 : 0;
                if (withMinimum > limits.PairsWithMinimum)
                {
                    return null;
                }
            }
        }

        var model = new CpModel();
        var amounts = new IntVar[pairs.Count];
        var byNeed = prepared.Needs.Select(_ => new List<IntVar>()).ToArray();
        var byPledge = prepared.Pledges.Select(_ => new List<IntVar>()).ToArray();
        var weights = new long[pairs.Count];
        var index = new Dictionary<(int Pledge, int Need), int>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var (pledge, need, cap) = pairs[i];
            var minimum = prepared.PledgeMinimums[pledge];
            var domain = minimum > 0 ? Domain.FromIntervals([[0, 0], [minimum, cap]]) : new Domain(0, cap);
            amounts[i] = model.NewIntVarFromDomain(domain, $"x{i}");
            byNeed[need].Add(amounts[i]);
            byPledge[pledge].Add(amounts[i]);
            weights[i] = prepared.NeedWeights[need];
            index[(pledge, need)] = i;
        }

        for (var need = 0; need < byNeed.Length; need++)
        {
            model.Add(LinearExpr.Sum(byNeed[need]) <= prepared.Needs[need].RemainingUsdCents);
        }

        for (var pledge = 0; pledge < byPledge.Length; pledge++)
        {
            model.Add(LinearExpr.Sum(byPledge[pledge]) <= prepared.Pledges[pledge].RemainingUsdCents);
        }

        model.Maximize(LinearExpr.WeightedSum(amounts, weights));
        var hinted = hint.GroupBy(p => (p.Pledge, p.Need)).ToDictionary(g => g.Key, g => g.Sum(p => p.Amount));
        for (var i = 0; i < pairs.Count; i++)
        {
            model.AddHint(amounts[i], hinted.GetValueOrDefault((pairs[i].Pledge, pairs[i].Need)));
        }

        // One worker and a fixed seed: the same market gives the same allocations (the engine is deterministic).
        var solver = new CpSolver
        {
            StringParameters = FormattableString.Invariant($"num_workers:1,random_seed:1,max_time_in_seconds:{limits.TimeBudget.TotalSeconds}"),
        };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return null;
        }

        var pieces = new List<(int Pledge, int Need, long Amount)>();
        long objective = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            var amount = solver.Value(amounts[i]);
            if (amount > 0)
            {
                pieces.Add((pairs[i].Pledge, pairs[i].Need, amount));
                objective += weights[i] * amount;
            }
        }

        return ([.. pieces.OrderBy(p => p.Need).ThenBy(p => p.Pledge)], objective, status == CpSolverStatus.Optimal);
    }
}
