using System.Diagnostics;

namespace Marketplace.Matching.Engine.Incremental;

/// <summary>
/// Keeps the market and its optimal allocations between rounds and applies each round's differences as
/// deltas: needs and pledges added, removed or changed, allocations taken off (approved, rejected or
/// dropped), pairs forbidden. The round is settled by augmenting paths found by best-first searches guided by
/// node potentials kept between rounds (see <see cref="ResidualMarket"/>), which restores the optimum without
/// solving again and without crossing the parts of the market the change cannot improve; only the proposals on
/// those paths change. Pledges with a minimum ticket that the round touches are placed again on the optimum of the
/// rest (<see cref="ResidualMarket.PlaceRigidPledge"/>). A full solve (the wrapped engine) runs on the first round,
/// whenever last round's proposals are not what this instance returned (another replica decided, or the host
/// dropped some), when a need is lowered below what minimum tickets alone give it, and when the searches would
/// cost more than a full solve (the cost model, <see cref="FullSolveSweeps"/>).
/// </summary>
public sealed class IncrementalMatchingEngine : IMatchingEngine
{
    // Each pass searches from every node whose potential says it may still improve; more than a few passes means
    // something is wrong, and a full solve is safe.
    private const int MaxPasses = 50;

    /// <summary>
    /// The cost model: a round stays incremental while its searches visit fewer nodes and pairs than this many
    /// times the size of the kept market (live needs, pledges and pairs carrying money); past that, the round is
    /// handed to the full engine, which is then cheaper (an FX rate that moves every remainder in one currency, a
    /// market rebuilt by a flood of events). Measured with the matching benchmark's trace at 10k × 10k: the
    /// searches visit ~14 million items per CPU second and the full engine takes ~1.8 CPU s on a market of
    /// ~50k items, the cost of ~500 passes over it; 400 leaves room for the incremental work already spent.
    /// </summary>
    public long FullSolveSweeps { get; init; } = 400;

    /// <summary>
    /// Augmenting paths into one gap, or out of one pledge, after which a round fills the rest in bulk
    /// (<see cref="ResidualMarket.BulkAfter"/>); the tests lower it to exercise the bulk passes on small markets.
    /// </summary>
    internal int BulkAfter { get; init; } = ResidualMarket.DefaultBulkAfter;


    private readonly PriorityWeights _weights;
    private readonly IMatchingEngine _full;
    private ResidualMarket? _market;
    // Rejected pairs by need and by pledge, whether or not either side is in the kept market now: a need or pledge that
    // comes back (a new shape, a remainder that reopens) gets its rejected pairs back.
    private readonly Dictionary<string, HashSet<string>> _forbidden = new(StringComparer.Ordinal);

    // Why the last delta round gave up, for the full solve the host runs next.
    private string? _fallback;


    public IncrementalMatchingEngine(PriorityWeights weights)
        : this(weights, new MinCostFlowMatchingEngine(weights))
    {
    }

    public IncrementalMatchingEngine(PriorityWeights weights, IMatchingEngine full)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(full);
        weights.Validate();
        _weights = weights;
        _full = full;
    }

    /// <summary>Rounds solved by the wrapped engine, and why the last one was.</summary>
    public int FullSolves { get; private set; }

    public string LastFullSolveReason { get; private set; } = "";

    /// <summary>Rounds settled as deltas on the kept market.</summary>
    public int IncrementalSolves { get; private set; }

    /// <summary>Augmenting paths applied by all incremental rounds so far.</summary>
    public long Augmentations { get; private set; }

    /// <summary>Bulk passes (breadth-first fills of a gap or of a pledge's money) run by all incremental rounds so far.</summary>
    public long BulkPasses { get; private set; }

    /// <summary>Pledges with a minimum ticket placed by incremental rounds (see ResidualMarket.PlaceRigidPledge).</summary>
    public int MinimumTicketPlacements { get; private set; }

    /// <summary>Nodes and pairs the last round's searches visited (the cost model's measure).</summary>
    public long LastRoundWork { get; private set; }

    /// <summary>The kept market (for the tests: its potentials are checked against a plain search after every round).</summary>
    internal ResidualMarket? KeptMarket => _market;

    /// <summary>Forgets the kept market, so the next round is a full solve (for example after a restart of the lease).</summary>
    public void Reset() => _market = null;

    /// <summary>
    /// The delta path: applies a round's differences to the kept market and returns only the pairs whose amount changed
    /// (added, moved, or taken off with amount 0), so neither the engine nor its host passes over the whole market.
    /// Null when the round needs a full solve (no kept market, a broken invariant, over the cost model's budget, ...): the
    /// kept market is then forgotten and the host solves the whole problem with <see cref="Solve"/>, which says why in
    /// <see cref="LastFullSolveReason"/>.
    /// </summary>
    public IReadOnlyList<Allocation>? Apply(MarketDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (_market is null)
        {
            return null;
        }

        var augmentationsBefore = _market.Augmentations;
        var bulkBefore = _market.BulkPasses;
        var workBefore = _market.Work;
        string? reason;
        try
        {
            reason = TryApply(_market, delta);
        }
        catch (InvalidOperationException ex)
        {
            reason = $"the kept market was inconsistent ({ex.Message})";
        }

        LastRoundWork = _market.Work - workBefore;
        if (reason is not null)
        {
            _market = null;
            _fallback = reason;
            return null;
        }

        IncrementalSolves++;
        Augmentations += _market.Augmentations - augmentationsBefore;
        BulkPasses += _market.BulkPasses - bulkBefore;
        return _market.TakeChangedPairs(delta.TakenOff);
    }

    /// <summary>The bilateral money the kept market gives a need now (the MIRPS Fund stage funds what is left of it).</summary>
    public long FundedUsdCents(string needId) => _market?.FundedOf(needId) ?? 0;

    /// <summary>
    /// The whole-problem entry of <see cref="IMatchingEngine"/>: a kept market is brought to the problem through the same
    /// deltas as <see cref="Apply"/> (found by comparing the problem with what is kept), and the result lists every allocation.
    /// </summary>
    public MatchingResult Solve(MatchingProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var clock = Stopwatch.StartNew();
        var (needs, pledges) = Participants(problem);
        var augmentationsBefore = _market?.Augmentations ?? 0;
        var bulkBefore = _market?.BulkPasses ?? 0;
        var workBefore = _market?.Work ?? 0;
        string? reason;
        try
        {
            reason = _market is null ? _fallback ?? "no kept market"
                : problem.Rebuild ? "a rebuild was asked for"
                : Differences(_market, problem, needs, pledges, out var delta) ?? TryApply(_market, delta);
        }
        catch (InvalidOperationException ex)
        {
            // A broken invariant of the kept market must not stop the rounds: solve from nothing and keep that.
            reason = $"the kept market was inconsistent ({ex.Message})";
        }

        _fallback = null;
        if (reason is null)
        {
            IncrementalSolves++;
            Augmentations += _market!.Augmentations - augmentationsBefore;
            BulkPasses += _market.BulkPasses - bulkBefore;
            LastRoundWork = _market.Work - workBefore;
            _market.TakeChangedPairs([]);
            var solveTime = clock.Elapsed;
            var allocations = _market.Allocations().ToList();
            var churn = ProposalChurn.Count(allocations, problem.PreviousProposals);
            return new MatchingResult(allocations, _market.Objective(), allocations.Sum(a => a.AmountUsdCents), churn,
                TimeSpan.Zero, solveTime, clock.Elapsed - solveTime)
            {
                Incremental = true,
            };
        }

        LastRoundWork = (_market?.Work ?? 0) - workBefore;
        FullSolves++;
        LastFullSolveReason = reason;
        _forbidden.Clear();
        foreach (var pair in problem.ForbiddenPairs)
        {
            RememberForbidden(pair);
        }

        ResidualMarket? settled = null;
        var result = _full is MinCostFlowMatchingEngine engine ? engine.Solve(problem, out settled) : _full.Solve(problem);
        if (settled is not null)
        {
            // A warm start: the full engine already settled its result as a kept market.
            _market = settled;
            _market.TakeChangedPairs([]);
            return result;
        }

        _market = Seed(needs, pledges, problem.ForbiddenPairs, result.Allocations);
        var final = Settled(result, problem, clock);
        _market.TakeChangedPairs([]);
        return final;
    }


    // The full engine repairs minimum tickets heuristically, so its flow need not be optimal for the movable pledges
    // around the minimum-ticket pairs that the kept market holds fixed. Settling that here, once, keeps the cost off
    // the next round; when nothing moves (or it would cost more than another solve) the full result stands.
    private MatchingResult Settled(MatchingResult result, MatchingProblem problem, Stopwatch clock)
    {
        var market = _market!;
        var augmentations = market.Augmentations;
        market.WorkLimit = market.Work + (FullSolveSweeps * Math.Max(market.Size, 1_000));
        market.BulkAfter = BulkAfter;
        if (!market.Optimize(MaxPasses))
        {
            var (needs, pledges) = Participants(problem);
            _market = Seed(needs, pledges, problem.ForbiddenPairs, result.Allocations);
            return result;
        }

        if (market.Augmentations == augmentations)
        {
            return result;
        }

        var allocations = market.Allocations().ToList();
        return new MatchingResult(allocations, market.Objective(), allocations.Sum(a => a.AmountUsdCents),
            ProposalChurn.Count(allocations, problem.PreviousProposals), result.GraphBuildTime, result.SolveTime, clock.Elapsed - result.GraphBuildTime - result.SolveTime)
        {
            Statistics = result.Statistics,
        };
    }

    // The needs and pledges that can carry money, filtered as the full engine filters them.
    private static (Dictionary<string, NeedInput> Needs, Dictionary<string, PledgeInput> Pledges) Participants(MatchingProblem problem)
    {
        var needs = new Dictionary<string, NeedInput>(StringComparer.Ordinal);
        foreach (var need in problem.Needs.Where(IsParticipant))
        {
            if (!needs.TryAdd(need.Id, need))
            {
                throw new ArgumentException($"Duplicate need id '{need.Id}': allocations could not be told apart.");
            }
        }

        var pledges = new Dictionary<string, PledgeInput>(StringComparer.Ordinal);
        foreach (var pledge in problem.Pledges)
        {
            if (IsParticipant(pledge) && !pledges.TryAdd(pledge.Id, pledge))
            {
                throw new ArgumentException($"Duplicate pledge id '{pledge.Id}': allocations could not be told apart.");
            }
        }

        return (needs, pledges);
    }

    private ResidualMarket Seed(
        Dictionary<string, NeedInput> needs, Dictionary<string, PledgeInput> pledges,
        IReadOnlySet<(string NeedId, string PledgeId)> forbidden, IReadOnlyList<Allocation> allocations) =>
        ResidualMarket.Load(_weights, needs.Values, pledges.Values, forbidden, allocations);

    // The whole problem as deltas on the kept market: every participant (the unchanged ones change nothing), every kept
    // need or pledge that is no longer one, every kept allocation that last round's proposals no longer hold. Returns why
    // a full solve is needed instead (the proposals are not what this instance returned), or null.
    private static string? Differences(
        ResidualMarket market, MatchingProblem problem, Dictionary<string, NeedInput> needs, Dictionary<string, PledgeInput> pledges,
        out MarketDelta delta)
    {
        delta = MarketDelta.None;
        var previous = new Dictionary<(string Need, string Pledge), long>();
        foreach (var proposal in problem.PreviousProposals)
        {
            previous[(proposal.NeedId, proposal.PledgeId)] = previous.GetValueOrDefault((proposal.NeedId, proposal.PledgeId)) + proposal.AmountUsdCents;
        }

        foreach (var ((needId, pledgeId), amount) in previous)
        {
            if (market.AmountOf(needId, pledgeId) != amount)
            {
                return "last round's proposals differ from the kept allocations";
            }
        }

        delta = new MarketDelta
        {
            Needs = [.. needs.Values],
            Pledges = [.. pledges.Values],
            RemovedNeeds = [.. market.Needs.Where(kept => !needs.ContainsKey(kept.Id)).Select(n => n.Id)],
            RemovedPledges = [.. market.Pledges.Where(kept => !pledges.ContainsKey(kept.Id)).Select(p => p.Id)],
            TakenOff = [.. market.Allocations().Where(a => !previous.ContainsKey((a.NeedId, a.PledgeId))).Select(a => (a.NeedId, a.PledgeId))],
            Forbidden = [.. problem.ForbiddenPairs],
        };
        return null;
    }

    private bool RememberForbidden((string NeedId, string PledgeId) pair)
    {
        if (!_forbidden.TryGetValue(pair.NeedId, out var pledges))
        {
            _forbidden[pair.NeedId] = pledges = new HashSet<string>(StringComparer.Ordinal);
        }

        return pledges.Add(pair.PledgeId);
    }

    private static bool IsParticipant(NeedInput need) => need.RemainingUsdCents > 0 && need.Instruments.Count > 0;

    private static bool IsParticipant(PledgeInput pledge)
    {
        var minimum = pledge.MinAllocationUsdCents is { } m && m > 1 ? m : 0;
        var cap = Math.Min(pledge.MaxAllocationUsdCents ?? long.MaxValue, pledge.RemainingUsdCents);
        return pledge.RemainingUsdCents > 0 && cap > 0 && cap >= minimum;
    }

    // Applies the round's differences to the kept market; returns why a full solve is needed instead, or null.
    private string? TryApply(ResidualMarket market, MarketDelta delta)
    {
        // Pledges with a minimum ticket that this round (re)places: added, reshaped, a remainder changed, a proposal
        // decided, a pair rejected, a need they fund removed (see ResidualMarket.PlaceRigidPledge).
        var placing = new HashSet<string>(StringComparer.Ordinal);
        market.DeferRaises();
        var touchedNeeds = new HashSet<int>();
        var touchedPledges = new HashSet<int>();
        // Every list of the delta is taken in id order, so a round's result does not depend on the order in which the host
        // read its changes (the whole-problem entry and the delta path give the same allocations).
        foreach (var (needId, pledgeId) in delta.TakenOff.OrderBy(p => p.NeedId, StringComparer.Ordinal).ThenBy(p => p.PledgeId, StringComparer.Ordinal))
        {
            if (market.AmountOf(needId, pledgeId) == 0)
            {
                continue;
            }

            var (pledge, need) = market.TakeOff(needId, pledgeId);
            touchedPledges.Add(pledge);
            touchedNeeds.Add(need);
            if (market.IsRigidPledge(pledge))
            {
                placing.Add(pledgeId);
            }
        }

        var removedNeeds = delta.RemovedNeeds.Where(id => market.NeedById(id) is not null).ToHashSet(StringComparer.Ordinal);
        var addedNeeds = new List<NeedInput>();
        var resizedNeeds = new List<NeedInput>();
        foreach (var need in delta.Needs)
        {
            var kept = market.NeedById(need.Id);
            if (!IsParticipant(need))
            {
                if (kept is not null) removedNeeds.Add(need.Id);
            }
            else if (kept is null || !SameShape(kept, need))
            {
                if (kept is not null) removedNeeds.Add(need.Id);
                addedNeeds.Add(need);
            }
            else
            {
                resizedNeeds.Add(need);
            }
        }

        var removedPledges = delta.RemovedPledges.Where(id => market.PledgeById(id) is not null).ToHashSet(StringComparer.Ordinal);
        var addedPledges = new List<PledgeInput>();
        var resizedPledges = new List<PledgeInput>();
        foreach (var pledge in delta.Pledges)
        {
            var kept = market.PledgeById(pledge.Id);
            if (!IsParticipant(pledge))
            {
                if (kept is not null) removedPledges.Add(pledge.Id);
            }
            else if (kept is null || !SameShape(kept, pledge))
            {
                if (kept is not null) removedPledges.Add(pledge.Id);
                addedPledges.Add(pledge);
            }
            else
            {
                resizedPledges.Add(pledge);
            }
        }

        foreach (var id in removedNeeds.Order(StringComparer.Ordinal))
        {
            placing.UnionWith(market.RigidFundersOf(id).Select(slot => market.PledgeAt(slot).Id));
            touchedPledges.UnionWith(market.RemoveNeed(id));
        }

        foreach (var id in removedPledges.Order(StringComparer.Ordinal))
        {
            touchedNeeds.UnionWith(market.RemovePledge(id));
        }

        foreach (var need in addedNeeds.OrderBy(n => n.Id, StringComparer.Ordinal))
        {
            market.AddNeed(need);
            touchedNeeds.Add(market.NeedSlot(need.Id));
        }

        foreach (var pledge in addedPledges.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            market.AddPledge(pledge);
            touchedPledges.Add(market.PledgeSlot(pledge.Id));
            if (ResidualMarket.IsRigid(pledge))
            {
                placing.Add(pledge.Id);
            }
        }

        // After the additions, so that a need or pledge added again (a changed shape, a remainder reopened) gets its
        // rejected pairs back; then the pairs rejected this round.
        var forbidding = new HashSet<(string NeedId, string PledgeId)>();
        foreach (var pair in delta.Forbidden)
        {
            if (RememberForbidden(pair)) forbidding.Add(pair);
        }

        if (addedNeeds.Count > 0 || addedPledges.Count > 0)
        {
            var added = addedPledges.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var need in addedNeeds)
            {
                forbidding.UnionWith(_forbidden.GetValueOrDefault(need.Id)?.Select(pledge => (need.Id, pledge)) ?? []);
            }

            if (added.Count > 0)
            {
                foreach (var (needId, pledgeIds) in _forbidden)
                {
                    forbidding.UnionWith(pledgeIds.Where(added.Contains).Select(pledge => (needId, pledge)));
                }
            }
        }

        foreach (var (needId, pledgeId) in forbidding.OrderBy(p => p.NeedId, StringComparer.Ordinal).ThenBy(p => p.PledgeId, StringComparer.Ordinal))
        {
            if (market.NeedById(needId) is null || market.PledgeById(pledgeId) is not { } input || market.IsForbidden(needId, pledgeId))
            {
                continue;
            }

            if (market.AmountOf(needId, pledgeId) > 0)
            {
                var (pledge, need) = market.TakeOff(needId, pledgeId);
                touchedPledges.Add(pledge);
                touchedNeeds.Add(need);
            }

            market.Forbid(needId, pledgeId);
            if (ResidualMarket.IsRigid(input))
            {
                placing.Add(pledgeId);
            }
        }

        foreach (var need in resizedNeeds.Where(n => market.NeedRemaining(n.Id) != n.RemainingUsdCents).OrderBy(n => n.Id, StringComparer.Ordinal))
        {
            if (market.NeedRemaining(need.Id) != need.RemainingUsdCents)
            {
                market.SetNeedRemaining(need.Id, need.RemainingUsdCents);
                touchedNeeds.Add(market.NeedSlot(need.Id));
            }
        }

        foreach (var pledge in resizedPledges.Where(p => market.PledgeRemaining(p.Id) != p.RemainingUsdCents).OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (market.PledgeRemaining(pledge.Id) != pledge.RemainingUsdCents)
            {
                market.SetPledgeRemaining(pledge.Id, pledge.RemainingUsdCents);
                touchedPledges.Add(market.PledgeSlot(pledge.Id));
                if (ResidualMarket.IsRigid(pledge))
                {
                    placing.Add(pledge.Id);
                }
            }
        }

        market.WorkLimit = market.Work + (FullSolveSweeps * Math.Max(market.Size, 1_000));
        market.BulkAfter = BulkAfter;
        market.FlushRaises();
        const string overBudget = "the incremental searches would cost more than a full solve";
        foreach (var pledge in touchedPledges.Where(p => market.IsLivePledge(p) && !market.IsRigidPledge(p)).Order())
        {
            if (!market.SettleOverdrawnPledge(pledge) && !market.OverBudget)
            {
                return "an overdrawn pledge could only give back fixed minimum-ticket allocations";
            }
        }

        foreach (var need in touchedNeeds.Where(market.IsLiveNeed).Order())
        {
            if (!market.SettleOverfundedNeed(need) && !market.OverBudget)
            {
                return "an overfunded need is held only by minimum-ticket allocations";
            }
        }

        // Every change above raised the potentials of what it may have improved; the searches from what is left
        // with a potential above its own value settle the round (see ResidualMarket.Optimize).
        if (!market.Optimize(MaxPasses))
        {
            return market.OverBudget ? overBudget : "the incremental settlement did not reach the optimum";
        }

        // A gap that opened this round and stayed open is also offered to the minimum-ticket pledges with money left.
        foreach (var need in touchedNeeds.Where(market.IsLiveNeed).Order())
        {
            placing.UnionWith(market.IdleRigidPledgesFor(need).Select(slot => market.PledgeAt(slot).Id));
        }

        if (placing.Count == 0)
        {
            return null;
        }

        // The pledges with a minimum ticket go on the optimum of the rest, one by one; the gaps their placement
        // leaves (pairs below the minimum taken off) are settled again.
        foreach (var id in placing.Where(id => market.PledgeById(id) is not null).Order(StringComparer.Ordinal))
        {
            market.PlaceRigidPledge(market.PledgeSlot(id));
            MinimumTicketPlacements++;
        }

        market.FlushRaises();
        if (market.Optimize(MaxPasses))
        {
            return null;
        }

        return market.OverBudget ? overBudget : "the incremental settlement did not reach the optimum";
    }

    // Whether everything but the remainder is unchanged: earmarks, windows, bounds and, for needs, priority.
    private static bool SameShape(NeedInput kept, NeedInput now) =>
        kept.Country == now.Country && kept.Sector == now.Sector && kept.Priority == now.Priority
        && kept.StartDate == now.StartDate && kept.EndDate == now.EndDate && kept.Instruments.SetEquals(now.Instruments);

    private static bool SameShape(PledgeInput kept, PledgeInput now) =>
        kept.Instrument == now.Instrument && kept.MinAllocationUsdCents == now.MinAllocationUsdCents
        && kept.MaxAllocationUsdCents == now.MaxAllocationUsdCents && kept.AvailableFrom == now.AvailableFrom
        && kept.AvailableUntil == now.AvailableUntil && kept.Countries.SetEquals(now.Countries) && kept.Sectors.SetEquals(now.Sectors);
}
