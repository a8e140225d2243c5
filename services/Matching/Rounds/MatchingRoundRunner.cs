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
            changed = RoundProposals.Differences(_market, solved.Allocations);
        }

        var roundId = Ids.New("round");
        var now = clock.GetUtcNow();
        var proposalsOfRound = new RoundProposals(_market, fx);
        var (added, superseded, dropped) = proposalsOfRound.Build(changed, new ProposalBuilder(fx, Weights(), now, roundId));
        var proposals = _market.ProposedByPair.Count - superseded.Count + added.Count;
        var proposedUsdCents = _market.ProposedUsdCents - changed.Sum(a => _market.ProposedByPair.GetValueOrDefault((a.NeedId, a.PledgeId))?.UsdCents ?? 0)
            + added.Sum(m => m.UsdCents);
        var duration = Stopwatch.GetElapsedTime(started);
        var churn = added.Count + superseded.Count;
        // A whole round saw every proposal, so every need holding one is listed; a delta round lists the needs it touched.
        var report = whole
            ? activity.Next(proposalsOfRound.Holding(_market.ProposedByPair.Keys.Select(p => p.NeedId).Concat(added.Select(m => m.NeedId)), superseded, added), complete: true, now)
            : activity.Next(proposalsOfRound.Holding(changes.Needs.Concat(changed.Select(a => a.NeedId)), superseded, added), complete: false, now);
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

    private NeedInput? NeedInput(NeedView? need, FxTable fx) =>
        need is { IsOpen: true } && fx.Has(need.Currency) ? _inputs.Need(need, _market.NeedRemainingMinor(need), fx) : null;

    private PledgeInput? PledgeInput(PledgeView? pledge, FxTable fx) =>
        pledge is { IsOpen: true } && fx.Has(pledge.Currency) ? _inputs.Pledge(pledge, _market.PledgeRemainingMinor(pledge), fx) : null;

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

    private PriorityWeights Weights()
    {
        var o = options.Value;
        return new PriorityWeights { Critical = o.CriticalWeight, High = o.HighWeight, Medium = o.MediumWeight, Low = o.LowWeight };
    }
}
