using System.Diagnostics;
using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Options;
using Marketplace.Matching.Persistence;
using Marketplace.ServiceKit.Http;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.Rounds;

/// <summary>
/// Runs one matching round: reads the views, subtracts approved (frozen) allocations, converts to USD
/// cents, lets the engine choose the optimal allocations, keeps every proposal the engine kept, and
/// supersedes the rest. Rounds never overlap in a process.
/// </summary>
public sealed class MatchingRoundRunner(
    IMatchingStore store, IMatchingEngine engine, IOptions<MatchingOptions> options, TimeProvider clock,
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
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

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
            while (!await store.TryAcquireSolverLeaseAsync(_owner, clock.GetUtcNow(), LeaseTtl, ct))
            {
                if (clock.GetUtcNow() > deadline) throw new TimeoutException("Another matching replica held the solver lease too long.");
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var heartbeat = RenewLeaseAsync(renewal.Token);
            try
            {
                return await RunExclusiveAsync(trigger, ct);
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
                if (!await store.TryAcquireSolverLeaseAsync(_owner, clock.GetUtcNow(), LeaseTtl, ct))
                {
                    logger.LogWarning("Lost the solver lease during a round; another replica may run the next one");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task<RoundSummary> RunExclusiveAsync(string trigger, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var input = await store.LoadRoundInputAsync(ct);
        var fx = new FxTable(input.FxRates);
        // Approvals in flight hold their capacity like approved ones until they settle.
        var approved = input.OpenMatches.Where(m => m.Status is MatchStatus.Approved or MatchStatus.Approving or MatchStatus.Compensating).ToList();
        // What a cancelled flow gave back is no longer held by its approved match.
        var approvedNeed = approved.GroupBy(m => m.NeedId)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.NeedAmount.Minor - (input.Releases.GetValueOrDefault(m.Id)?.NeedMinor ?? 0)));
        var approvedPledge = approved.GroupBy(m => m.PledgeId)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Amount.Minor - (input.Releases.GetValueOrDefault(m.Id)?.PledgeMinor ?? 0)));

        var needs = input.Needs.Where(n => n.IsOpen && fx.Has(n.Currency)).ToDictionary(n => n.Id);
        var pledges = input.Pledges.Where(p => p.IsOpen && fx.Has(p.Currency)).ToDictionary(p => p.Id);
        var needRemaining = needs.Values.ToDictionary(n => n.Id,
            n => Math.Max(0, n.AmountMinor - Math.Max(n.FundedMinor, approvedNeed.GetValueOrDefault(n.Id))));
        var pledgeRemaining = pledges.Values.ToDictionary(p => p.Id,
            p => Math.Max(0, p.AmountMinor - Math.Max(p.AllocatedMinor, approvedPledge.GetValueOrDefault(p.Id))));

        var proposed = input.OpenMatches.Where(m => m.Status == MatchStatus.Proposed).ToList();
        var problem = new MatchingProblem(
            needs.Values.Select(n => ToInput(n, fx.ToUsdCentsFloor(needRemaining[n.Id], n.Currency))).Where(n => n.RemainingUsdCents > 0).ToList(),
            pledges.Values.Select(p => ToInput(p, fx, pledgeRemaining[p.Id])).Where(p => p.RemainingUsdCents > 0).ToList(),
            proposed.Where(m => needs.ContainsKey(m.NeedId) && pledges.ContainsKey(m.PledgeId))
                .Select(m => new Allocation(m.NeedId, m.PledgeId, m.UsdCents)).ToList())
        {
            // A rejected pair is never proposed again, and the optimum is taken without it.
            ForbiddenPairs = input.RejectedPairs,
            Rebuild = trigger == ManualTrigger,
        };
        var result = engine.Solve(problem);

        var roundId = Ids.New("round");
        var now = clock.GetUtcNow();
        var builder = new ProposalBuilder(fx, Weights(), now, roundId);
        var existing = proposed.ToDictionary(m => (m.NeedId, m.PledgeId));
        var kept = result.Allocations
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
        foreach (var allocation in result.Allocations)
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
        await store.ApplyRoundAsync(new RoundRecord(roundId, now, trigger, current.Count, churn, proposedUsdCents, duration.TotalMilliseconds),
            added, superseded, [.. added.Select(Proposed), new MatchingRoundCompleted(roundId, now, current.Count, churn, proposedUsdCents / 100m, duration.TotalMilliseconds)], ct);

        var mode = result.Incremental ? "incremental" : "full";
        metrics.RoundCompleted(duration, added.Count, superseded.Count, mode);
        logger.LogInformation("Matching round {RoundId} ({Trigger}, {Mode}): {Proposals} proposals, {Added} new, {Superseded} superseded, {Duration} ms",
            roundId, trigger, mode, current.Count, added.Count, superseded.Count, duration.TotalMilliseconds);
        var coverage = Coverage.Compute(input.Needs, approved.Concat(current), fx, input.Releases);
        return new RoundSummary(roundId, now, current.Count, churn, proposedUsdCents / 100m, coverage.ByCountry, duration);
    }

    private static MatchProposed Proposed(Match m) => new(m.Id, m.NeedId, m.PledgeId, m.Country, m.Donor, m.Sector,
        m.Amount.Amount, m.Amount.Currency, m.NeedAmount.Amount, m.NeedAmount.Currency, m.RoundId, m.ProposedAt);

    private PriorityWeights Weights()
    {
        var o = options.Value;
        return new PriorityWeights { Critical = o.CriticalWeight, High = o.HighWeight, Medium = o.MediumWeight, Low = o.LowWeight };
    }

    private static NeedInput ToInput(NeedView n, long remainingUsdCents) => new(
        n.Id, n.Country, n.Sector, n.Instruments.ToHashSet(), ProposalBuilder.PriorityOf(n.Priority), remainingUsdCents, n.StartDate, n.EndDate);

    private static PledgeInput ToInput(PledgeView p, FxTable fx, long remainingMinor) => new(
        p.Id, p.Countries.ToHashSet(), p.Sectors.ToHashSet(), p.Instrument, fx.ToUsdCentsFloor(remainingMinor, p.Currency),
        p.MinAllocationMinor is { } min ? fx.ToUsdCentsCeiling(min, p.Currency) : null,
        p.MaxAllocationMinor is { } max ? fx.ToUsdCentsFloor(max, p.Currency) : null,
        p.AvailableFrom, p.AvailableUntil);
}
