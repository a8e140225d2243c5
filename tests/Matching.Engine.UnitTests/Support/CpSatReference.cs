using Google.OrTools.Sat;
using Google.OrTools.Util;

namespace Marketplace.Matching.Engine.UnitTests.Support;

// The exact optimum with minimums, as a CP-SAT model: one integer variable per eligible pair whose domain
// is {0} ∪ [min, cap]. That domain is the semi-continuous constraint the flow cannot express, and is
// equivalent to the big-M pair x ≤ cap·y, x ≥ min·y with y binary. Small instances only.
internal static class CpSatReference
{
    public static long OptimalObjective(MatchingProblem problem, PriorityWeights weights)
    {
        var model = new CpModel();
        var byNeed = problem.Needs.Select(_ => new List<IntVar>()).ToArray();
        var byPledge = problem.Pledges.Select(_ => new List<IntVar>()).ToArray();
        var objectiveVars = new List<IntVar>();
        var objectiveWeights = new List<long>();
        for (var n = 0; n < problem.Needs.Count; n++)
        {
            for (var p = 0; p < problem.Pledges.Count; p++)
            {
                var need = problem.Needs[n];
                var pledge = problem.Pledges[p];
                var cap = Math.Min(Math.Min(need.RemainingUsdCents, pledge.RemainingUsdCents), pledge.MaxAllocationUsdCents ?? long.MaxValue);
                var min = Math.Max(1, pledge.MinAllocationUsdCents ?? 1);
                if (!problem.Allows(need, pledge) || cap < min)
                {
                    continue;
                }

                var domain = Domain.FromIntervals([[0, 0], [min, cap]]);
                var x = model.NewIntVarFromDomain(domain, $"x_{n}_{p}");
                byNeed[n].Add(x);
                byPledge[p].Add(x);
                objectiveVars.Add(x);
                objectiveWeights.Add(weights.Of(need.Priority));
            }
        }

        for (var n = 0; n < byNeed.Length; n++)
        {
            model.Add(LinearExpr.Sum(byNeed[n]) <= problem.Needs[n].RemainingUsdCents);
        }

        for (var p = 0; p < byPledge.Length; p++)
        {
            model.Add(LinearExpr.Sum(byPledge[p]) <= problem.Pledges[p].RemainingUsdCents);
        }

        model.Maximize(LinearExpr.WeightedSum(objectiveVars, objectiveWeights));
        var solver = new CpSolver { StringParameters = "num_workers:1,max_time_in_seconds:20,random_seed:1" };
        var status = solver.Solve(model);
        Assert.Equal(CpSolverStatus.Optimal, status);
        return (long)Math.Round(solver.ObjectiveValue);
    }
}
