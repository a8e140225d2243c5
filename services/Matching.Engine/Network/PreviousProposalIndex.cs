namespace Marketplace.Matching.Engine.Network;

// Last round's proposals that can still be kept, by (pledge, need) index, with the amount worth keeping:
// never more than the pair can carry now. Proposals whose pledge or need is gone or no longer eligible
// are simply absent; they count as churn in the result.
internal static class PreviousProposalIndex
{
    public static Dictionary<(int Pledge, int Need), long> Build(PreparedProblem prepared, IReadOnlyList<Allocation> previous) =>
        Build(prepared, previous, out _);

    // The same; oneToOne tells whether every kept amount is exactly one previous proposal's (no pair proposed twice,
    // no amount cut to what the pair can carry now).
    public static Dictionary<(int Pledge, int Need), long> Build(PreparedProblem prepared, IReadOnlyList<Allocation> previous, out bool oneToOne)
    {
        oneToOne = true;
        var needIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < prepared.Needs.Count; i++)
        {
            needIndex[prepared.Needs[i].Id] = i;
        }

        var pledgeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < prepared.Pledges.Count; i++)
        {
            pledgeIndex[prepared.Pledges[i].Id] = i;
        }

        var amounts = new Dictionary<(int Pledge, int Need), long>();
        foreach (var proposal in previous)
        {
            if (proposal.AmountUsdCents <= 0
                || !needIndex.TryGetValue(proposal.NeedId, out var need)
                || !pledgeIndex.TryGetValue(proposal.PledgeId, out var pledge)
                || !Eligibility.IsEligible(prepared.Needs[need], prepared.Pledges[pledge]))
            {
                continue;
            }

            var key = (pledge, need);
            var seen = amounts.TryGetValue(key, out var before);
            var summed = before + proposal.AmountUsdCents;
            var amount = Math.Min(summed, prepared.PairCap(pledge, need));
            amounts[key] = amount;
            oneToOne &= !seen && amount == proposal.AmountUsdCents;
        }

        foreach (var key in amounts.Where(pair => pair.Value <= 0).Select(pair => pair.Key).ToList())
        {
            amounts.Remove(key);
        }

        return amounts;
    }
}
