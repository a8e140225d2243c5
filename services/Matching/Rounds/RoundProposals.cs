using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Engine;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// A round's writes from the allocations whose amount changed, against the proposals the <see cref="MarketCache"/>
/// holds: which proposals it supersedes, which it adds, which allocations no proposal can carry, and which needs hold
/// bilateral proposals afterwards (for <see cref="ProposalActivityReport"/>). Passes over the changed pairs and the
/// needs and pledges they touch only.
/// </summary>
public sealed class RoundProposals(MarketCache market, FxTable fx)
{
    // A whole solve's allocations against the proposals: the pairs whose amount changed, and the proposals it dropped (0).
    public static List<Allocation> Differences(MarketCache market, IEnumerable<Allocation> allocations)
    {
        var allocated = new HashSet<(string, string)>();
        var changed = new List<Allocation>();
        foreach (var allocation in allocations)
        {
            allocated.Add((allocation.NeedId, allocation.PledgeId));
            if (market.ProposedByPair.TryGetValue((allocation.NeedId, allocation.PledgeId), out var same) && same.UsdCents == allocation.AmountUsdCents) continue;
            changed.Add(allocation);
        }
        changed.AddRange(market.ProposedByPair.Keys.Where(pair => !allocated.Contains(pair)).Select(pair => new Allocation(pair.NeedId, pair.PledgeId, 0)));
        return changed;
    }

    /// <summary>
    /// The round's writes for the allocations whose amount changed: each one's current proposal is superseded, and a new
    /// proposal is built against what is left after the proposals that stay and after each other, so rounding a side's
    /// remainder up to its exact value never makes a round's proposals overlap. An allocation no proposal can carry
    /// (below a minimum, dust) is dropped and taken off the engine's market next round.
    /// </summary>
    public (List<Match> Added, HashSet<string> Superseded, List<(string NeedId, string PledgeId)> Dropped) Build(
        IReadOnlyList<Allocation> changed, ProposalBuilder builder)
    {
        var superseded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var allocation in changed)
        {
            if (market.ProposedByPair.TryGetValue((allocation.NeedId, allocation.PledgeId), out var proposal)) superseded.Add(proposal.Id);
        }
        var needLeft = new Dictionary<string, long>(StringComparer.Ordinal);
        var pledgeLeft = new Dictionary<string, long>(StringComparer.Ordinal);
        var added = new List<Match>();
        var dropped = new List<(string, string)>();
        foreach (var allocation in changed.Where(a => a.AmountUsdCents > 0))
        {
            var need = market.Need(allocation.NeedId)!;
            var pledge = market.Pledge(allocation.PledgeId)!;
            if (!needLeft.TryGetValue(need.Id, out var needRemaining))
            {
                needRemaining = market.NeedRemainingMinor(need) - market.OpenOfNeed(need.Id)
                    .Where(m => m.Status == MatchStatus.Proposed && !superseded.Contains(m.Id)).Sum(m => m.NeedAmount.Minor);
            }
            if (!pledgeLeft.TryGetValue(pledge.Id, out var pledgeRemaining))
            {
                pledgeRemaining = market.PledgeRemainingMinor(pledge) - market.OpenOfPledge(pledge.Id)
                    .Where(m => m.Status == MatchStatus.Proposed && !superseded.Contains(m.Id)).Sum(m => m.Amount.Minor);
            }
            var match = builder.Build(need, pledge, allocation.AmountUsdCents, needRemaining, pledgeRemaining);
            if (match is null)
            {
                dropped.Add((allocation.NeedId, allocation.PledgeId));
                needLeft[need.Id] = needRemaining;
                pledgeLeft[pledge.Id] = pledgeRemaining;
                continue;
            }
            added.Add(match);
            needLeft[need.Id] = needRemaining - match.NeedAmount.Minor;
            pledgeLeft[pledge.Id] = pledgeRemaining - match.Amount.Minor;
        }
        return (added, superseded, dropped);
    }

    // Whether each need's bilateral proposals after the round cover its remaining gap; null when it holds none.
    public Dictionary<string, bool?> Holding(IEnumerable<string> needIds, HashSet<string> superseded, List<Match> added)
    {
        var addedByNeed = added.Where(m => m.Donor != Codelists.Fund).ToLookup(m => m.NeedId);
        var holding = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var id in needIds)
        {
            if (holding.ContainsKey(id)) continue;
            var proposals = market.OpenOfNeed(id)
                .Where(m => m.Status == MatchStatus.Proposed && m.Donor != Codelists.Fund && !superseded.Contains(m.Id))
                .Concat(addedByNeed[id]).ToList();
            var remaining = market.Need(id) is { IsOpen: true } need && fx.Has(need.Currency) ? market.NeedRemainingMinor(need) : 0;
            holding[id] = proposals.Count == 0 ? null : proposals.Sum(m => m.NeedAmount.Minor) >= remaining;
        }
        return holding;
    }
}
