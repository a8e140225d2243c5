using System.Diagnostics;
using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Contracts;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Engine.Fund;
using Marketplace.Matching.Engine.Incremental;
using Marketplace.Matching.Options;
using Marketplace.Matching.Persistence;
using Marketplace.ServiceKit.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// Runs one matching round: reads what changed in the store since the last round, views and matches alike (the rest is
/// kept in memory, see <see cref="MarketCache"/>), subtracts approved (frozen) allocations, converts to USD
/// cents, lets the engine choose the optimal allocations, keeps every proposal the engine kept, and
/// supersedes the rest. Rounds never overlap in a process.
/// </summary>
public sealed class MatchingRoundRunner(
    IMatchingStore store, LexicographicMatching engine, ProposalActivityReport activity, IOptions<MatchingOptions> options, TimeProvider clock,
    MatchingMetrics metrics, ILogger<MatchingRoundRunner> logger)
{
    /// <summary>
    /// Renewed every <see cref="LeaseRenewal"/> while a round runs, however long it takes, so a holder killed
    /// mid-round (kill -9, a lost node) blocks the other replicas and its own restart for seconds, not minutes.
    /// </summary>
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LeaseWait = TimeSpan.FromMinutes(3);

    /// <summary>The trigger of <c>POST /api/v1/matching/runs</c>: a chair's explicit run solves from nothing.</summary>
    public const string ManualTrigger = "manual";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MarketCache _market = new();
    private readonly EngineInputs _inputs = new();
    private IReadOnlyDictionary<string, FxRate>? _rates;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The fencing token of this replica's last round: the next one is one higher unless another replica held the lease between.</summary>
    private long? _lastToken;

    /// <summary>How this replica's rounds have read the store so far: whole, or only what changed.</summary>
    public (int Full, int Changes) Loads => (_market.FullLoads, _market.ChangeLoads);

    /// <summary>
    /// Runs a round once this process holds the solver lease, so rounds never overlap across replicas:
    /// each round reads the current views and proposals, so a waiting replica's round includes whatever
    /// the previous round did.
    /// </summary>
    public async Task<RoundSummary> RunAsync(string trigger, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var deadline = clock.GetUtcNow() + LeaseWait;
            long? fencingToken;
            while ((fencingToken = await store.TryAcquireSolverLeaseAsync(_owner, clock.GetUtcNow(), LeaseTtl, ct)) is null)
            {
                if (clock.GetUtcNow() > deadline) throw new TimeoutException("Another matching replica held the solver lease too long.");
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var heartbeat = RenewLeaseAsync(renewal.Token);
            try
            {
                return await RunExclusiveAsync(trigger, fencingToken.Value, ct);
            }
            finally
            {
                await renewal.CancelAsync();
                await heartbeat;
                await store.ReleaseSolverLeaseAsync(_owner, CancellationToken.None);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RenewLeaseAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LeaseRenewal, clock, ct);
                if (await store.TryAcquireSolverLeaseAsync(_owner, clock.GetUtcNow(), LeaseTtl, ct) is null)
                {
                    logger.LogWarning("Lost the solver lease during a round; another replica may run the next one");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task<RoundSummary> RunExclusiveAsync(string trigger, long fencingToken, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        // A manual run solves from nothing; a replica taking the lease over from another reads the market whole once.
        var tookOver = _lastToken is { } last && fencingToken != last + 1;
        _lastToken = fencingToken;
        RoundInput input;
        try
        {
            input = await _market.LoadAsync(store, rebuild: trigger == ManualTrigger || tookOver, ct);
        }
        catch
        {
            // A read that failed half-way may have merged part of the changes: start again from a full load.
            Forget();
            throw;
        }
        if (_market.LastLoadWasFull) _inputs.Clear();
        var loaded = Stopwatch.GetTimestamp();
        var fx = new FxTable(input.FxRates);
        var changes = _market.TakeChanges();
        var ratesMoved = _rates is null || !input.FxRates.All(r => _rates.TryGetValue(r.Key, out var kept) && kept == r.Value)
            || _rates.Count != input.FxRates.Count;
        _rates = input.FxRates;

        // The delta path: the engine is handed what this read changed and returns the allocations it changed. The whole
        // problem goes to the engine on a full read (first round, lease taken over, manual run), when a rate moved (every
        // remainder in that currency), and when the delta path needs a full solve.
        IReadOnlyList<Allocation>? changed = null;
        var mode = "incremental";
        long prepared = loaded, engineDone = loaded;
        if (trigger != ManualTrigger && !_market.LastLoadWasFull && !ratesMoved)
        {
            var (delta, stage) = Delta(changes, fx);
            prepared = Stopwatch.GetTimestamp();
            changed = engine.Apply(delta, new FundMarket(_market.FundPledges, _market.ReferredNeeds), stage);
            engineDone = Stopwatch.GetTimestamp();
        }
        var whole = changed is null;
        if (changed is null)
        {
            var problem = WholeProblem(fx, trigger == ManualTrigger, out var fund);
            prepared = Stopwatch.GetTimestamp();
            var solved = engine.Solve(problem, fund);
            engineDone = Stopwatch.GetTimestamp();
            mode = solved.Bilateral.Incremental ? "incremental" : "full";
            changed = Differences(solved.Allocations);
        }

        var roundId = Ids.New("round");
        var now = clock.GetUtcNow();
        var (added, superseded, dropped) = Build(changed, fx, now, roundId);
        var proposals = _market.ProposedByPair.Count - superseded.Count + added.Count;
        var proposedUsdCents = _market.ProposedUsdCents - changed.Sum(a => _market.ProposedByPair.GetValueOrDefault((a.NeedId, a.PledgeId))?.UsdCents ?? 0)
            + added.Sum(m => m.UsdCents);
        var duration = Stopwatch.GetElapsedTime(started);
        var churn = added.Count + superseded.Count;
        // A whole round saw every proposal, so every need holding one is listed; a delta round lists the needs it touched.
        var report = whole
            ? activity.Next(Holding(_market.ProposedByPair.Keys.Select(p => p.NeedId).Concat(added.Select(m => m.NeedId)), superseded, added, fx), complete: true, now)
            : activity.Next(Holding(changes.Needs.Concat(changed.Select(a => a.NeedId)), superseded, added, fx), complete: false, now);
        var built = Stopwatch.GetTimestamp();
        try
        {
            await store.ApplyRoundAsync(new RoundRecord(roundId, now, trigger, proposals, churn, proposedUsdCents, duration.TotalMilliseconds),
                added, [.. superseded], new MatchingRoundCompleted(roundId, now, proposals, churn, proposedUsdCents / 100m, duration.TotalMilliseconds,
                    report.Count > 0 ? report : null), fencingToken, ct);
        }
        catch
        {
            // The report was not published: the next round reports every need again; what was written is read whole.
            activity.Reset();
            Forget();
            throw;
        }
        _market.Record(added, superseded, dropped);

        var total = Stopwatch.GetElapsedTime(started);
        metrics.RoundCompleted(total, added.Count, superseded.Count, mode);
        static double Ms(long from, long to) => Math.Round(Stopwatch.GetElapsedTime(from, to).TotalMilliseconds, 1);
        logger.LogInformation(
            "Matching round {RoundId} ({Trigger}, {Mode}): {Proposals} proposals, {Added} new, {Superseded} superseded, {Duration} ms " +
            "(read {ReadMs} ms, {ReadKind}: {ReadViews} views, {ReadMatches} matches up to sequences {ViewSequence}/{MatchSequence}; " +
            "prepare {PrepareMs} ms; engine {EngineMs} ms; build {BuildMs} ms; write {WriteMs} ms)",
            roundId, trigger, mode, proposals, added.Count, superseded.Count, Math.Round(total.TotalMilliseconds, 1), Ms(started, loaded),
            _market.LastLoadWasFull ? "full" : "changes",
            input.Needs.Count + input.Pledges.Count, input.OpenMatches.Count + input.ClosedMatchIds.Count, input.ViewSequence, input.MatchSequence,
            Ms(loaded, prepared), Ms(prepared, engineDone), Ms(engineDone, built), Ms(built, Stopwatch.GetTimestamp()));
        // Only a manual run returns its coverage (POST /api/v1/matching/runs); an automatic round need not pass over the market again.
        var coverage = trigger == ManualTrigger
            ? Coverage.Compute(_market.Needs, _market.OpenMatches, fx, _market.Releases).ByCountry
            : [];
        return new RoundSummary(roundId, now, proposals, churn, proposedUsdCents / 100m, coverage, duration);
    }

    private void Forget()
    {
        _market.Reset();
        _inputs.Clear();
        _rates = null;
    }

    // A need's remainder after approvals (in flight or settled, less what cancelled flows released), in its currency.
    private long NeedRemaining(NeedView need) =>
        Math.Max(0, need.AmountMinor - Math.Max(need.FundedMinor, _market.ApprovedNeedMinor(need.Id)));

    private long PledgeRemaining(PledgeView pledge) =>
        Math.Max(0, pledge.AmountMinor - Math.Max(pledge.AllocatedMinor, _market.ApprovedPledgeMinor(pledge.Id)));

    private NeedInput? NeedInput(NeedView? need, FxTable fx) =>
        need is { IsOpen: true } && fx.Has(need.Currency) ? _inputs.Need(need, NeedRemaining(need), fx) : null;

    private PledgeInput? PledgeInput(PledgeView? pledge, FxTable fx) =>
        pledge is { IsOpen: true } && fx.Has(pledge.Currency) ? _inputs.Pledge(pledge, PledgeRemaining(pledge), fx) : null;

    // What this read changed, as the engine's deltas: the needs and pledges whose view or matches changed (a closed or
    // unconvertible one leaves), the proposals decided or dropped, the pairs rejected; and the MIRPS Fund's side.
    private (MarketDelta Delta, FundStage Stage) Delta(MarketChanges changes, FxTable fx)
    {
        var needs = new List<NeedInput>();
        var removedNeeds = new List<string>();
        foreach (var id in changes.Needs)
        {
            if (NeedInput(_market.Need(id), fx) is { } need) needs.Add(need);
            else removedNeeds.Add(id);
        }
        var pledges = new List<PledgeInput>();
        var removedPledges = new List<string>();
        foreach (var id in changes.Pledges)
        {
            if (PledgeInput(_market.Pledge(id), fx) is { } pledge) pledges.Add(pledge);
            else removedPledges.Add(id);
        }
        var delta = new MarketDelta
        {
            Needs = needs, Pledges = pledges, RemovedNeeds = removedNeeds, RemovedPledges = removedPledges,
            TakenOff = changes.TakenOff, Forbidden = changes.Rejected,
        };
        var stage = new FundStage(
            [.. _market.ReferredNeeds.Select(id => NeedInput(_market.Need(id), fx)).OfType<NeedInput>().Where(n => n.RemainingUsdCents > 0)],
            [.. _market.FundPledges.Select(id => PledgeInput(_market.Pledge(id), fx)).OfType<PledgeInput>().Where(p => p.RemainingUsdCents > 0)],
            [.. _market.FundPledges.SelectMany(_market.OpenOfPledge).Where(m => m.Status == MatchStatus.Proposed)
                .Select(m => new Allocation(m.NeedId, m.PledgeId, m.UsdCents))],
            _market.RejectedPairs);
        return (delta, stage);
    }

    // The whole market as one problem, for the full path.
    private MatchingProblem WholeProblem(FxTable fx, bool rebuild, out FundMarket fund)
    {
        var needs = _market.Needs.Select(n => NeedInput(n, fx)).OfType<NeedInput>().ToDictionary(n => n.Id);
        var pledges = _market.Pledges.Select(p => PledgeInput(p, fx)).OfType<PledgeInput>().ToDictionary(p => p.Id);
        // The MIRPS Fund's pledges only go to referred needs, on what the bilateral optimum leaves.
        fund = new FundMarket(_market.FundPledges, _market.ReferredNeeds);
        return new MatchingProblem(
            [.. needs.Values.Where(n => n.RemainingUsdCents > 0)],
            [.. pledges.Values.Where(p => p.RemainingUsdCents > 0)],
            [.. _market.ProposedByPair.Values.Where(m => needs.ContainsKey(m.NeedId) && pledges.ContainsKey(m.PledgeId))
                .Select(m => new Allocation(m.NeedId, m.PledgeId, m.UsdCents))])
        {
            // A rejected pair is never proposed again, and the optimum is taken without it.
            ForbiddenPairs = _market.RejectedPairs,
            Rebuild = rebuild,
        };
    }

    // A whole solve's allocations against the proposals: the pairs whose amount changed, and the proposals it dropped (0).
    private List<Allocation> Differences(IEnumerable<Allocation> allocations)
    {
        var allocated = new HashSet<(string, string)>();
        var changed = new List<Allocation>();
        foreach (var allocation in allocations)
        {
            allocated.Add((allocation.NeedId, allocation.PledgeId));
            if (_market.ProposedByPair.TryGetValue((allocation.NeedId, allocation.PledgeId), out var same) && same.UsdCents == allocation.AmountUsdCents) continue;
            changed.Add(allocation);
        }
        changed.AddRange(_market.ProposedByPair.Keys.Where(pair => !allocated.Contains(pair)).Select(pair => new Allocation(pair.NeedId, pair.PledgeId, 0)));
        return changed;
    }

    /// <summary>
    /// The round's writes for the allocations whose amount changed: each one's current proposal is superseded, and a new
    /// proposal is built against what is left after the proposals that stay and after each other, so rounding a side's
    /// remainder up to its exact value never makes a round's proposals overlap. An allocation no proposal can carry
    /// (below a minimum, dust) is dropped and taken off the engine's market next round.
    /// </summary>
    private (List<Match> Added, HashSet<string> Superseded, List<(string NeedId, string PledgeId)> Dropped) Build(
        IReadOnlyList<Allocation> changed, FxTable fx, DateTimeOffset now, string roundId)
    {
        var superseded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var allocation in changed)
        {
            if (_market.ProposedByPair.TryGetValue((allocation.NeedId, allocation.PledgeId), out var proposal)) superseded.Add(proposal.Id);
        }
        var builder = new ProposalBuilder(fx, Weights(), now, roundId);
        var needLeft = new Dictionary<string, long>(StringComparer.Ordinal);
        var pledgeLeft = new Dictionary<string, long>(StringComparer.Ordinal);
        var added = new List<Match>();
        var dropped = new List<(string, string)>();
        foreach (var allocation in changed.Where(a => a.AmountUsdCents > 0))
        {
            var need = _market.Need(allocation.NeedId)!;
            var pledge = _market.Pledge(allocation.PledgeId)!;
            if (!needLeft.TryGetValue(need.Id, out var needRemaining))
            {
                needRemaining = NeedRemaining(need) - _market.OpenOfNeed(need.Id)
                    .Where(m => m.Status == MatchStatus.Proposed && !superseded.Contains(m.Id)).Sum(m => m.NeedAmount.Minor);
            }
            if (!pledgeLeft.TryGetValue(pledge.Id, out var pledgeRemaining))
            {
                pledgeRemaining = PledgeRemaining(pledge) - _market.OpenOfPledge(pledge.Id)
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
    private Dictionary<string, bool?> Holding(IEnumerable<string> needIds, HashSet<string> superseded, List<Match> added, FxTable fx)
    {
        var addedByNeed = added.Where(m => m.Donor != Codelists.Fund).ToLookup(m => m.NeedId);
        var holding = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var id in needIds)
        {
            if (holding.ContainsKey(id)) continue;
            var proposals = _market.OpenOfNeed(id)
                .Where(m => m.Status == MatchStatus.Proposed && m.Donor != Codelists.Fund && !superseded.Contains(m.Id))
                .Concat(addedByNeed[id]).ToList();
            var remaining = _market.Need(id) is { IsOpen: true } need && fx.Has(need.Currency) ? NeedRemaining(need) : 0;
            holding[id] = proposals.Count == 0 ? null : proposals.Sum(m => m.NeedAmount.Minor) >= remaining;
        }
        return holding;
    }

    private PriorityWeights Weights()
    {
        var o = options.Value;
        return new PriorityWeights { Critical = o.CriticalWeight, High = o.HighWeight, Medium = o.MediumWeight, Low = o.LowWeight };
    }
}
