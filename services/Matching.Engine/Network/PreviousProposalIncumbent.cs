namespace Marketplace.Matching.Engine.Network;

// Last round's proposals as a ready-made solution: those still eligible and within every limit, with
// a pledge's or need's proposals dropped whole if together they no longer fit its remainder. The repair
// is a heuristic, so it may land below a solution the chair already saw; the engine then keeps this one,
// which is never worse and causes no churn beyond the proposals that became infeasible.
internal static class PreviousProposalIncumbent
{
    // Churn is the churn of keeping exactly these allocations (see ProposalChurn) when it follows from the counts:
    // when every kept amount is one previous proposal unchanged, the kept allocations each match their proposal
    // and nothing else, and every other proposal matches nothing. Null otherwise (count it with ProposalChurn).
    public static (List<(int Pledge, int Need, long Amount)> Allocations, long Objective, int? Churn) Build(
        PreparedProblem prepared, IReadOnlyList<Allocation> previous)
    {
        if (previous.Count == 0)
        {
            return ([], 0, 0);
        }

        var amounts = PreviousProposalIndex.Build(prepared, previous, out var oneToOne);
        var valid = new List<(int Pledge, int Need, long Amount)>(amounts.Count);
        var byPledge = new long[prepared.Pledges.Count];
        var byNeed = new long[prepared.Needs.Count];
        foreach (var ((pledge, need), amount) in amounts)
        {
            if (amount >= prepared.PledgeMinimums[pledge])
            {
                valid.Add((pledge, need, amount));
                byPledge[pledge] += amount;
                byNeed[need] += amount;
            }
        }

        var kept = new List<(int Pledge, int Need, long Amount)>(valid.Count);
        long objective = 0;
        foreach (var allocation in valid)
        {
            if (byPledge[allocation.Pledge] <= prepared.Pledges[allocation.Pledge].RemainingUsdCents
                && byNeed[allocation.Need] <= prepared.Needs[allocation.Need].RemainingUsdCents)
            {
                kept.Add(allocation);
                objective += prepared.NeedWeights[allocation.Need] * allocation.Amount;
            }
        }

        kept.Sort((a, b) => a.Need != b.Need ? a.Need.CompareTo(b.Need) : a.Pledge.CompareTo(b.Pledge));
        return (kept, objective, oneToOne ? previous.Count - kept.Count : null);
    }
}
