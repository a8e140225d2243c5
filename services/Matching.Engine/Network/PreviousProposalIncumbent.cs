namespace Marketplace.Matching.Engine.Network;

// Last round's proposals as a ready-made solution: those still eligible and within every limit, with
// a pledge's or need's proposals dropped whole if together they no longer fit its remainder. The repair
// is a heuristic, so it may land below a solution the chair already saw; the engine then keeps this one,
// which is never worse and causes no churn beyond the proposals that became infeasible.
internal static class PreviousProposalIncumbent
{
    public static (List<(int Pledge, int Need, long Amount)> Allocations, long Objective) Build(
        PreparedProblem prepared, IReadOnlyList<Allocation> previous)
    {
        var amounts = PreviousProposalIndex.Build(prepared, previous);
        var valid = amounts
            .Where(pair => pair.Value >= prepared.PledgeMinimums[pair.Key.Pledge])
            .Select(pair => (pair.Key.Pledge, pair.Key.Need, Amount: pair.Value))
            .ToList();
        var overfullPledges = valid.GroupBy(a => a.Pledge)
            .Where(g => g.Sum(a => a.Amount) > prepared.Pledges[g.Key].RemainingUsdCents)
            .Select(g => g.Key)
            .ToHashSet();
        var overfullNeeds = valid.GroupBy(a => a.Need)
            .Where(g => g.Sum(a => a.Amount) > prepared.Needs[g.Key].RemainingUsdCents)
            .Select(g => g.Key)
            .ToHashSet();
        var kept = valid
            .Where(a => !overfullPledges.Contains(a.Pledge) && !overfullNeeds.Contains(a.Need))
            .OrderBy(a => a.Need).ThenBy(a => a.Pledge)
            .ToList();
        return (kept, kept.Sum(a => prepared.NeedWeights[a.Need] * a.Amount));
    }
}
