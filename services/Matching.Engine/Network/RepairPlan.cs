using System.Collections.Immutable;

namespace Marketplace.Matching.Engine.Network;

// Which direct pairs the repair has forbidden and which it forces to carry their pledge's minimum.
// Immutable, so the two candidate fixes of a round can be built from the same plan and either kept.
internal sealed record RepairPlan(ImmutableHashSet<int> Forbidden, ImmutableDictionary<int, long> Forced)
{
    public static RepairPlan Empty { get; } = new([], ImmutableDictionary<int, long>.Empty);

    public RepairPlan Forbid(IEnumerable<int> pairs) => this with { Forbidden = Forbidden.Union(pairs) };

    // Forces each pair whose minimum still fits in what its pledge and need have left after the pairs
    // already forced; a forced total above either would make the flow infeasible.
    public RepairPlan Force(IEnumerable<int> pairs, PreparedProblem prepared, TransportationNetwork network)
    {
        var forced = Forced.ToBuilder();
        var byPledge = new Dictionary<int, long>();
        var byNeed = new Dictionary<int, long>();

        foreach (var (index, amount) in Forced)
        {
            var pair = network.DirectPairs[index];
            byPledge[pair.Pledge] = byPledge.GetValueOrDefault(pair.Pledge) + amount;
            byNeed[pair.Need] = byNeed.GetValueOrDefault(pair.Need) + amount;
        }

        foreach (var index in pairs)
        {
            var pair = network.DirectPairs[index];
            var minimum = prepared.PledgeMinimums[pair.Pledge];
            var pledgeTotal = byPledge.GetValueOrDefault(pair.Pledge) + minimum;
            var needTotal = byNeed.GetValueOrDefault(pair.Need) + minimum;
            if (pledgeTotal <= prepared.Pledges[pair.Pledge].RemainingUsdCents && needTotal <= prepared.Needs[pair.Need].RemainingUsdCents)
            {
                forced[index] = minimum;
                byPledge[pair.Pledge] = pledgeTotal;
                byNeed[pair.Need] = needTotal;
            }
        }

        return this with { Forced = forced.ToImmutable() };
    }

    // Pairs whose bounds differ between this plan and the one currently applied.
    public IEnumerable<int> Touched(RepairPlan applied) =>
        Forbidden.Union(applied.Forbidden).Union(Forced.Keys).Union(applied.Forced.Keys).Order();
}
