using System.Diagnostics;
using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Contracts;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Engine.Fund;
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
            _market.Reset();
            _inputs.Clear();
            throw;
        }
        if (_market.LastLoadWasFull) _inputs.Clear();
        var loaded = Stopwatch.GetTimestamp();
        var fx = new FxTable(input.FxRates);
        var releases = _market.Releases;
        // Approvals in flight hold their capacity like approved ones until they settle.
        var approved = _market.OpenMatches.Where(m => m.Status != MatchStatus.Proposed).ToList();
        // What a cancelled flow gave back is no longer held by its approved match.
        var approvedNeed = approved.GroupBy(m => m.NeedId)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.NeedAmount.Minor - (releases.GetValueOrDefault(m.Id)?.NeedMinor ?? 0)));
        var approvedPledge = approved.GroupBy(m => m.PledgeId)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Amount.Minor - (releases.GetValueOrDefault(m.Id)?.PledgeMinor ?? 0)));

        var needs = _market.Needs.Where(n => n.IsOpen && fx.Has(n.Currency)).ToDictionary(n => n.Id);
        var pledges = _market.Pledges.Where(p => p.IsOpen && fx.Has(p.Currency)).ToDictionary(p => p.Id);
        var needRemaining = needs.Values.ToDictionary(n => n.Id,
            n => Math.Max(0, n.AmountMinor - Math.Max(n.FundedMinor, approvedNeed.GetValueOrDefault(n.Id))));
        var pledgeRemaining = pledges.Values.ToDictionary(p => p.Id,
            p => Math.Max(0, p.AmountMinor - Math.Max(p.AllocatedMinor, approvedPledge.GetValueOrDefault(p.Id))));

        var proposed = _market.OpenMatches.Where(m => m.Status == MatchStatus.Proposed).ToList();
        var problem = new MatchingProblem(
            needs.Values.Select(n => _inputs.Need(n, needRemaining[n.Id], fx)).Where(n => n.RemainingUsdCents > 0).ToList(),
            pledges.Values.Select(p => _inputs.Pledge(p, pledgeRemaining[p.Id], fx)).Where(p => p.RemainingUsdCents > 0).ToList(),
            proposed.Where(m => needs.ContainsKey(m.NeedId) && pledges.ContainsKey(m.PledgeId))
                .Select(m => new Allocation(m.NeedId, m.PledgeId, m.UsdCents)).ToList())
        {
            // A rejected pair is never proposed again, and the optimum is taken without it.
            ForbiddenPairs = _market.RejectedPairs,
            Rebuild = trigger == ManualTrigger,
        };
        // The MIRPS Fund's pledges only go to referred needs, on what the bilateral optimum leaves.
        var fund = new FundMarket(pledges.Values.Where(p => p.Donor == Codelists.Fund).Select(p => p.Id).ToHashSet(),
            needs.Values.Where(n => n.Referred).Select(n => n.Id).ToHashSet());
        var prepared = Stopwatch.GetTimestamp();
        var solved = engine.Solve(problem, fund);
        var result = solved.Bilateral;
        var engineDone = Stopwatch.GetTimestamp();

        var roundId = Ids.New("round");
        var now = clock.GetUtcNow();
        var builder = new ProposalBuilder(fx, Weights(), now, roundId);
        var existing = proposed.ToDictionary(m => (m.NeedId, m.PledgeId));
        var kept = solved.Allocations
            .Select(a => existing.TryGetValue((a.NeedId, a.PledgeId), out var same) && same.UsdCents == a.AmountUsdCents ? same : null)
            .OfType<Match>()
            .ToDictionary(m => m.Id);
        // New proposals are built against what is left after the kept ones and after each other, so rounding
        // a side's remainder up to its exact value never makes a round's proposals overlap.
        var needLeft = new Dictionary<string, long>(needRemaining);
        var pledgeLeft = new Dictionary<string, long>(pledgeRemaining);
        foreach (var match in kept.Values)
        {
            needLeft[match.NeedId] -= match.NeedAmount.Minor;
            pledgeLeft[match.PledgeId] -= match.Amount.Minor;
        }
        var added = new List<Match>();
        foreach (var allocation in solved.Allocations)
        {
            if (existing.TryGetValue((allocation.NeedId, allocation.PledgeId), out var same) && kept.ContainsKey(same.Id)) continue;
            var match = builder.Build(needs[allocation.NeedId], pledges[allocation.PledgeId], allocation.AmountUsdCents,
                needLeft[allocation.NeedId], pledgeLeft[allocation.PledgeId]);
            if (match is null) continue;
            added.Add(match);
            needLeft[match.NeedId] -= match.NeedAmount.Minor;
            pledgeLeft[match.PledgeId] -= match.Amount.Minor;
        }
        var superseded = proposed.Where(m => !kept.ContainsKey(m.Id)).Select(m => m.Id).ToList();
        var current = proposed.Where(m => kept.ContainsKey(m.Id)).Concat(added).ToList();
        var duration = Stopwatch.GetElapsedTime(started);
        var proposedUsdCents = current.Sum(m => m.UsdCents);
        var churn = added.Count + superseded.Count;
        var report = activity.Next(current, needRemaining, now);
        var built = Stopwatch.GetTimestamp();
        try
        {
            await store.ApplyRoundAsync(new RoundRecord(roundId, now, trigger, current.Count, churn, proposedUsdCents, duration.TotalMilliseconds),
                added, superseded, new MatchingRoundCompleted(roundId, now, current.Count, churn, proposedUsdCents / 100m, duration.TotalMilliseconds,
                    report.Count > 0 ? report : null), fencingToken, ct);
        }
        catch
        {
            // The report was not published: the next round reports every need again.
            activity.Reset();
            throw;
        }

        var mode = result.Incremental ? "incremental" : "full";
        var total = Stopwatch.GetElapsedTime(started);
        metrics.RoundCompleted(total, added.Count, superseded.Count, mode);
        static double Ms(long from, long to) => Math.Round(Stopwatch.GetElapsedTime(from, to).TotalMilliseconds, 1);
        logger.LogInformation(
            "Matching round {RoundId} ({Trigger}, {Mode}): {Proposals} proposals, {Added} new, {Superseded} superseded, {Duration} ms " +
            "(read {ReadMs} ms, {ReadKind}: {ReadViews} views, {ReadMatches} matches up to sequences {ViewSequence}/{MatchSequence}; " +
            "prepare {PrepareMs} ms; engine {EngineMs} ms; build {BuildMs} ms; write {WriteMs} ms)",
            roundId, trigger, mode, current.Count, added.Count, superseded.Count, Math.Round(total.TotalMilliseconds, 1), Ms(started, loaded),
            _market.LastLoadWasFull ? "full" : "changes",
            input.Needs.Count + input.Pledges.Count, input.OpenMatches.Count + input.ClosedMatchIds.Count, input.ViewSequence, input.MatchSequence,
            Ms(loaded, prepared), Ms(prepared, engineDone), Ms(engineDone, built), Ms(built, Stopwatch.GetTimestamp()));
        // Only a manual run returns its coverage (POST /api/v1/matching/runs); an automatic round need not pass over the market again.
        var coverage = trigger == ManualTrigger ? Coverage.Compute(_market.Needs, approved.Concat(current), fx, releases).ByCountry : [];
        return new RoundSummary(roundId, now, current.Count, churn, proposedUsdCents / 100m, coverage, duration);
    }

    private PriorityWeights Weights()
    {
        var o = options.Value;
        return new PriorityWeights { Critical = o.CriticalWeight, High = o.HighWeight, Medium = o.MediumWeight, Low = o.LowWeight };
    }
}
