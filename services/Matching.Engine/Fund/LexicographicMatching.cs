using Marketplace.Matching.Engine.Incremental;

namespace Marketplace.Matching.Engine.Fund;

/// <summary>
/// A round as API.md "MIRPS Fund" orders it, lexicographically: first the bilateral optimum, solved by the
/// bilateral engine exactly as if the Fund did not exist (no Fund pledge, no Fund proposal ever reaches it);
/// then the Fund's pledges, solved by their own engine on what that optimum left of the referred needs only.
/// So adding Fund pledges never changes a bilateral proposal, and Fund money never goes to a need that is not
/// referred nor displaces bilateral money.
/// </summary>
public sealed class LexicographicMatching(IMatchingEngine bilateral, IMatchingEngine fund)
{
    private static readonly MatchingResult Nothing = new([], 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public LexicographicResult Solve(MatchingProblem problem, FundMarket market)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(market);
        var fundPledges = problem.Pledges.Where(p => market.FundPledgeIds.Contains(p.Id)).ToList();
        if (fundPledges.Count == 0 && !problem.PreviousProposals.Any(a => market.FundPledgeIds.Contains(a.PledgeId)))
        {
            return new LexicographicResult(bilateral.Solve(problem), Nothing);
        }

        var first = bilateral.Solve(problem with
        {
            Pledges = [.. problem.Pledges.Where(p => !market.FundPledgeIds.Contains(p.Id))],
            PreviousProposals = [.. problem.PreviousProposals.Where(a => !market.FundPledgeIds.Contains(a.PledgeId))],
        });
        var residual = Residual(problem, first, market, fundPledges);
        var second = residual.Needs.Count == 0 || residual.Pledges.Count == 0 ? Nothing : fund.Solve(residual);
        return new LexicographicResult(first, second);
    }

    /// <summary>
    /// The same round on the delta path: the bilateral stage applies the round's differences to the market its engine
    /// keeps (no Fund pledge, Fund proposal or Fund pair reaches it), then the Fund stage is solved again on what the
    /// bilateral optimum leaves of the referred needs, as <see cref="Solve"/> does. Returns the allocations whose amount
    /// changed in either stage (0: taken off), bilateral first; null when the bilateral engine keeps no market or needs a
    /// full solve, and the host then solves the whole problem with <see cref="Solve"/>.
    /// </summary>
    public IReadOnlyList<Allocation>? Apply(MarketDelta delta, FundMarket market, FundStage stage)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(stage);
        if (bilateral is not IncrementalMatchingEngine kept)
        {
            return null;
        }

        var isFund = market.FundPledgeIds;
        var changed = kept.Apply(delta with
        {
            Pledges = [.. delta.Pledges.Where(p => !isFund.Contains(p.Id))],
            RemovedPledges = [.. delta.RemovedPledges.Where(id => !isFund.Contains(id))],
            TakenOff = [.. delta.TakenOff.Where(pair => !isFund.Contains(pair.PledgeId))],
            Forbidden = [.. delta.Forbidden.Where(pair => !isFund.Contains(pair.PledgeId))],
        });
        if (changed is null || (stage.Pledges.Count == 0 && stage.PreviousProposals.Count == 0))
        {
            return changed;
        }

        var needs = stage.ReferredNeeds
            .Select(n => n with { RemainingUsdCents = n.RemainingUsdCents - kept.FundedUsdCents(n.Id) })
            .Where(n => n.RemainingUsdCents > 0)
            .ToList();
        var needIds = needs.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var pledgeIds = stage.Pledges.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var fundAllocations = needs.Count == 0 || stage.Pledges.Count == 0 ? [] : fund.Solve(
            new MatchingProblem(needs, stage.Pledges, [.. stage.PreviousProposals.Where(a => needIds.Contains(a.NeedId) && pledgeIds.Contains(a.PledgeId))])
            {
                ForbiddenPairs = stage.ForbiddenPairs,
                Rebuild = true,
            }).Allocations;
        var now = fundAllocations.ToDictionary(a => (a.NeedId, a.PledgeId), a => a.AmountUsdCents);
        var before = stage.PreviousProposals.GroupBy(a => (a.NeedId, a.PledgeId)).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountUsdCents));
        return
        [
            .. changed,
            .. fundAllocations.Where(a => before.GetValueOrDefault((a.NeedId, a.PledgeId)) != a.AmountUsdCents),
            .. before.Keys.Where(pair => !now.ContainsKey(pair)).Select(pair => new Allocation(pair.NeedId, pair.PledgeId, 0)),
        ];
    }

    /// <summary>The referred needs with what the bilateral stage left of them, and the Fund's pledges.</summary>
    private static MatchingProblem Residual(MatchingProblem problem, MatchingResult first, FundMarket market, List<PledgeInput> fundPledges)
    {
        var bilateralByNeed = first.Allocations.GroupBy(a => a.NeedId).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountUsdCents));
        var needs = problem.Needs
            .Where(n => market.ReferredNeedIds.Contains(n.Id))
            .Select(n => n with { RemainingUsdCents = n.RemainingUsdCents - bilateralByNeed.GetValueOrDefault(n.Id) })
            .Where(n => n.RemainingUsdCents > 0)
            .ToList();
        return new MatchingProblem(needs, fundPledges,
            [.. problem.PreviousProposals.Where(a => market.FundPledgeIds.Contains(a.PledgeId))])
        {
            ForbiddenPairs = problem.ForbiddenPairs,
            Rebuild = true,
        };
    }
}
