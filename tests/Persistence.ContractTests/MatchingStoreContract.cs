using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Http;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every <see cref="IMatchingStore"/> must do, whatever the provider.</summary>
public abstract class MatchingStoreContract : StoreContract
{
    private RoundRecord Round(string id, int proposals) => new(id, Now, "test", proposals, 0, 100, 1.5);

    private IReadOnlyList<object> RoundEvent(string id) => [new MatchingRoundCompleted(id, Now, 1, 0, 1m, 1.5)];

    private async Task<long> LeaseAsync(IMatchingStore store, string owner = "replica-a") =>
        (await store.TryAcquireSolverLeaseAsync(owner, Now, TimeSpan.FromMinutes(2), CancellationToken.None))!.Value;

    [ContractFact]
    public async Task UpsertViews_KeepTheHighestVersion()
    {
        var (store, _) = await Backend.CreateMatchingAsync();

        Assert.True(await store.UpsertNeedAsync(Samples.NeedView("need_1", 2), CancellationToken.None));
        Assert.False(await store.UpsertNeedAsync(Samples.NeedView("need_1", 1, status: "withdrawn"), CancellationToken.None));
        Assert.False(await store.UpsertNeedAsync(Samples.NeedView("need_1", 2, status: "withdrawn"), CancellationToken.None));
        Assert.Equal(("open", 2L), ((await store.GetNeedAsync("need_1", CancellationToken.None))!.Status, 2L));
        Assert.True(await store.UpsertNeedAsync(Samples.NeedView("need_1", 3, status: "partially-funded", fundedMinor: 5), CancellationToken.None));
        var need = await store.GetNeedAsync("need_1", CancellationToken.None);
        Assert.Equal(("partially-funded", 5L, 3L), (need!.Status, need.FundedMinor, need.Version));
        Assert.Equal(["grant"], need.Instruments);

        Assert.True(await store.UpsertPledgeAsync(Samples.PledgeView("pledge_1", 4), CancellationToken.None));
        Assert.False(await store.UpsertPledgeAsync(Samples.PledgeView("pledge_1", 3, status: "withdrawn"), CancellationToken.None));
        var pledge = await store.GetPledgeAsync("pledge_1", CancellationToken.None);
        Assert.Equal(("open", 4L, 1_000L, new DateOnly(2027, 6, 30)), (pledge!.Status, pledge.Version, pledge.MinAllocationMinor!.Value, pledge.AvailableUntil!.Value));
        Assert.Equal(["SV"], pledge.Countries);
        Assert.Empty(pledge.Sectors);
        Assert.Null(await store.GetPledgeAsync("pledge_2", CancellationToken.None));
    }

    [ContractFact]
    public async Task ApplyRound_AddsProposalsSupersedesDroppedOnesAndQueuesItsEvent()
    {
        var (store, outbox) = await Backend.CreateMatchingAsync();
        var a = Samples.Match(Now, "round_1", needId: "need_1", pledgeId: "pledge_1");
        var b = Samples.Match(Now, "round_1", needId: "need_2", pledgeId: "pledge_1", country: "GT");
        var c = Samples.Match(Now, "round_1", needId: "need_2", pledgeId: "pledge_2", country: "GT", donor: "CA");
        await store.ApplyRoundAsync(Round("round_1", 3), [a, b, c], [], RoundEvent("round_1"), await LeaseAsync(store), CancellationToken.None);
        Assert.True(await store.TransitionAsync(b.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-1", Now, CancellationToken.None));

        var d = Samples.Match(Now, "round_2", needId: "need_3", pledgeId: "pledge_2");
        await store.ApplyRoundAsync(Round("round_2", 2), [d], [a.Id, b.Id], RoundEvent("round_2"), await LeaseAsync(store), CancellationToken.None);

        Assert.Equal(MatchStatus.Superseded, (await store.GetMatchAsync(a.Id, CancellationToken.None))!.Status);
        Assert.Equal(MatchStatus.Approving, (await store.GetMatchAsync(b.Id, CancellationToken.None))!.Status);
        var stored = await store.GetMatchAsync(c.Id, CancellationToken.None);
        Assert.Equal(c with { Reasons = [] }, stored! with { Reasons = [] });
        Assert.Equal(c.Reasons, stored.Reasons);
        // Two round events and a MatchProposed for each of the four proposals, queued with its insert.
        Assert.Equal(6, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);

        async Task<IEnumerable<string>> IdsAsync(MatchFilter f) => (await store.ListMatchesAsync(f, 50, null, CancellationToken.None)).Items.Select(m => m.Id);
        Assert.Equal([c.Id, d.Id], await IdsAsync(new MatchFilter(MatchStatus.Proposed, null, null, null, null)));
        Assert.Equal([b.Id, c.Id], await IdsAsync(new MatchFilter(null, "need_2", null, null, null)));
        Assert.Equal([c.Id], await IdsAsync(new MatchFilter(null, null, "pledge_2", "GT", "CA")));
        Assert.Equal([b.Id], await IdsAsync(new MatchFilter(MatchStatus.Approving, null, "pledge_1", "GT", "EU")));

        var all = new[] { a.Id, b.Id, c.Id, d.Id }.ToList();
        var first = await store.ListMatchesAsync(new MatchFilter(null, null, null, null, null), 3, null, CancellationToken.None);
        var cursor = MatchCursor.Next(new MatchFilter(null, null, null, null, null), first);
        Assert.NotNull(cursor);
        var second = await store.ListMatchesAsync(new MatchFilter(null, null, null, null, null), 3, cursor, CancellationToken.None);
        Assert.Equal(all, first.Items.Concat(second.Items).Select(m => m.Id));
    }

    [ContractFact]
    public async Task ListMatches_FollowsEveryOrderAndFilterPageByPageWithoutSkippingOrRepeating()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        string[] sectors = ["health", "education", "livelihoods"];
        // Few distinct keys so that ties are frequent: the commit sequence (here the insertion order) must then decide, in
        // the order's direction; proposedAt is commit order itself.
        var matches = Enumerable.Range(0, 30).Select(i => Samples.Match(Now.AddSeconds(i % 4), "round_1", needId: $"need_{i}") with
        {
            Sector = sectors[i % 3], Instrument = i % 5 == 0 ? "loan" : "grant", UsdCents = 1_000 * (i % 6), Score = 0.25 * (i % 7),
            Status = i % 10 == 9 ? MatchStatus.Rejected : MatchStatus.Proposed,
        }).ToList();
        await store.ApplyRoundAsync(Round("round_1", matches.Count), matches, [], RoundEvent("round_1"), await LeaseAsync(store), CancellationToken.None);
        var stored = new List<Match>();
        foreach (var m in matches) stored.Add((await store.GetMatchAsync(m.Id, CancellationToken.None))!);

        foreach (var order in MatchOrder.All)
        {
            foreach (var filter in new[]
            {
                new MatchFilter(null, null, null, null, null) { Order = order },
                new MatchFilter(MatchStatus.Proposed, null, null, null, null, "health") { Order = order },
                new MatchFilter(null, null, null, null, null, null, "grant") { Order = order },
            })
            {
                var expected = Sorted(stored.Where(m => (filter.Status is null || m.Status == filter.Status)
                    && (filter.Sector is null || m.Sector == filter.Sector) && (filter.Instrument is null || m.Instrument == filter.Instrument)), order);
                var read = new List<string>();
                MatchCursor? after = null;
                for (var pages = 0; pages < 20; pages++)
                {
                    var page = await store.ListMatchesAsync(filter, 4, after, CancellationToken.None);
                    read.AddRange(page.Items.Select(m => m.Id));
                    if (page.NextPageToken is null) break;
                    Assert.True(PageToken.TryDecode(page.NextPageToken, t => t.Length > 0, out var text));
                    Assert.True(MatchCursor.TryRead(filter, text, out var next));
                    Assert.False(MatchCursor.TryRead(filter with { Sector = "education" }, text, out _));
                    Assert.False(MatchCursor.TryRead(new MatchFilter(filter.Status, null, null, null, null, filter.Sector, filter.Instrument)
                        { Order = MatchOrder.All.First(o => o != order) }, text, out _));
                    after = next;
                }
                Assert.Equal(expected, read);
            }
        }
    }

    /// <summary>The expected list order of matches written in <paramref name="matches"/>' order (their commit order).</summary>
    private static List<string> Sorted(IEnumerable<Match> matches, MatchOrder order)
    {
        var inserted = matches.Select((m, i) => (Match: m, Seq: i)).ToList();
        Func<(Match Match, int Seq), IComparable> key = order.Key switch
        {
            MatchSortKey.ProposedAt => m => m.Seq,
            MatchSortKey.AmountUsd => m => m.Match.UsdCents,
            _ => m => m.Match.Score,
        };
        var sorted = order.Descending
            ? inserted.OrderByDescending(key).ThenByDescending(m => m.Seq)
            : inserted.OrderBy(key).ThenBy(m => m.Seq);
        return [.. sorted.Select(m => m.Match.Id)];
    }

    [ContractFact]
    public async Task Transitions_ApplyOnlyFromTheExpectedStatus()
    {
        var (store, outbox) = await Backend.CreateMatchingAsync();
        var match = Samples.Match(Now, "round_1");
        await store.ApplyRoundAsync(Round("round_1", 1), [match], [], RoundEvent("round_1"), await LeaseAsync(store), CancellationToken.None);

        Assert.True(await store.TransitionAsync(match.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-1", Now, CancellationToken.None));
        Assert.False(await store.TransitionAsync(match.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-2", Now, CancellationToken.None));
        Assert.Equal([match.Id], (await store.ListInFlightApprovalsAsync(Now.AddSeconds(1), CancellationToken.None)).Select(m => m.Id));
        Assert.Empty(await store.ListInFlightApprovalsAsync(Now, CancellationToken.None));

        var rejected = match with { Status = MatchStatus.Rejected, DecidedBy = "chair-1", DecidedAt = Now, Reason = "Not eligible" };
        var @event = new MatchRejected(match.Id, match.NeedId, match.PledgeId, match.Country, match.Donor, "Not eligible", "chair-1", "CR", Now);
        Assert.False(await store.SettleDecisionAsync(rejected, MatchStatus.Proposed, @event, Samples.Audit(Now, match.Id, "match.rejected"), CancellationToken.None));
        Assert.True(await store.SettleDecisionAsync(rejected, MatchStatus.Approving, @event, Samples.Audit(Now, match.Id, "match.rejected"), CancellationToken.None));

        var stored = await store.GetMatchAsync(match.Id, CancellationToken.None);
        Assert.Equal((MatchStatus.Rejected, "chair-1", Now, "Not eligible", 3L), (stored!.Status, stored.DecidedBy, stored.DecidedAt!.Value, stored.Reason, stored.Version));
        Assert.Equal(["match.rejected"], (await store.ListAuditAsync(match.Id, CancellationToken.None)).Select(e => e.Action));
        // The round event, the proposal's MatchProposed and the rejection.
        Assert.Equal(3, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);

        var input = await store.LoadRoundInputAsync(CancellationToken.None);
        Assert.Empty(input.OpenMatches);
        Assert.Contains((match.NeedId, match.PledgeId), input.RejectedPairs);
    }

    [ContractFact]
    public async Task FxRates_AreSeededExactAndReplacedOnlyAtTheExpectedVersion()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        var seeded = await store.ListFxRatesAsync(CancellationToken.None);
        Assert.Equal(Marketplace.Contracts.Currencies.All.Select(c => c.Code).Order(StringComparer.Ordinal), seeded.Select(r => r.Currency));
        Assert.Equal(0.000850m, seeded.Single(r => r.Currency == "ARS").UsdPerUnit);

        var rate = new FxRate("EUR", 1.0912345678901234567m, new DateOnly(2026, 11, 27), "ECB", 2);
        Assert.True(await store.PutFxRateAsync(rate, 1, Samples.Audit(Now, "fx_EUR", "fx.updated"), CancellationToken.None));
        Assert.False(await store.PutFxRateAsync(rate with { UsdPerUnit = 2m, Version = 2 }, 1, Samples.Audit(Now, "fx_EUR", "fx.updated"), CancellationToken.None));

        var input = await store.LoadRoundInputAsync(CancellationToken.None);
        Assert.Equal(rate, input.FxRates["EUR"]);
        Assert.Equal(["fx.updated"], (await store.ListAuditAsync("fx_EUR", CancellationToken.None)).Select(e => e.Action));
    }

    [ContractFact]
    public async Task LoadRoundInput_ReadsViewsOpenMatchesAndRejectedPairs()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        await store.UpsertNeedAsync(Samples.NeedView("need_1", 1), CancellationToken.None);
        await store.UpsertPledgeAsync(Samples.PledgeView("pledge_1", 1), CancellationToken.None);
        var proposed = Samples.Match(Now, "round_1");
        var approving = Samples.Match(Now, "round_1", needId: "need_2");
        await store.ApplyRoundAsync(Round("round_1", 2), [proposed, approving], [], RoundEvent("round_1"), await LeaseAsync(store), CancellationToken.None);
        await store.TransitionAsync(approving.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-1", Now, CancellationToken.None);

        var input = await store.LoadRoundInputAsync(CancellationToken.None);

        Assert.Equal(["need_1"], input.Needs.Select(n => n.Id));
        Assert.Equal(["pledge_1"], input.Pledges.Select(p => p.Id));
        Assert.Equal(new[] { proposed.Id, approving.Id }.Order(StringComparer.Ordinal), input.OpenMatches.Select(m => m.Id));
        Assert.Empty(input.RejectedPairs);
    }

    [ContractFact]
    public async Task LoadRoundChanges_ReadsOnlyTheViewsWrittenAfterTheSequence()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        await store.UpsertNeedAsync(Samples.NeedView("need_1", 1), CancellationToken.None);
        await store.UpsertPledgeAsync(Samples.PledgeView("pledge_1", 1), CancellationToken.None);
        var proposed = Samples.Match(Now, "round_1");
        await store.ApplyRoundAsync(Round("round_1", 1), [proposed], [], RoundEvent("round_1"), await LeaseAsync(store), CancellationToken.None);
        var full = await store.LoadRoundInputAsync(CancellationToken.None);
        Assert.True(full.ViewSequence >= 2);

        Assert.True(await store.UpsertNeedAsync(Samples.NeedView("need_2", 1), CancellationToken.None));
        Assert.True(await store.UpsertNeedAsync(Samples.NeedView("need_1", 2, status: "withdrawn"), CancellationToken.None));
        Assert.False(await store.UpsertPledgeAsync(Samples.PledgeView("pledge_1", 1), CancellationToken.None));
        var changes = await store.LoadRoundChangesAsync(full.ViewSequence, full.MatchSequence, CancellationToken.None);

        Assert.Equal([("need_1", 2L), ("need_2", 1L)], changes.Needs.Select(n => (n.Id, n.Version)));
        Assert.Empty(changes.Pledges);
        Assert.True(changes.ViewSequence >= full.ViewSequence + 2);
        // The proposal was written before the full read: a change read leaves it to the round's memory.
        Assert.Empty(changes.OpenMatches);
        Assert.Equal(full.MatchSequence, changes.MatchSequence);
        Assert.NotEmpty(changes.FxRates);

        Assert.True(await store.UpsertPledgeAsync(Samples.PledgeView("pledge_1", 2), CancellationToken.None));
        var next = await store.LoadRoundChangesAsync(changes.ViewSequence, changes.MatchSequence, CancellationToken.None);
        Assert.Empty(next.Needs);
        Assert.Equal([("pledge_1", 2L)], next.Pledges.Select(p => (p.Id, p.Version)));
        var quiet = await store.LoadRoundChangesAsync(next.ViewSequence, next.MatchSequence, CancellationToken.None);
        Assert.Empty(quiet.Needs);
        Assert.Empty(quiet.Pledges);
        Assert.Equal(next.ViewSequence, quiet.ViewSequence);
        Assert.Equal(next.ViewSequence, (await store.LoadRoundInputAsync(CancellationToken.None)).ViewSequence);
    }

    [ContractFact]
    public async Task UpsertViews_InParallel_TakeDistinctSequencesThatChangeReadsSee()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        var before = (await store.LoadRoundInputAsync(CancellationToken.None)).ViewSequence;

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? store.UpsertNeedAsync(Samples.NeedView($"need_{i}", 1), CancellationToken.None)
            : store.UpsertPledgeAsync(Samples.PledgeView($"pledge_{i}", 1), CancellationToken.None)));

        var changes = await store.LoadRoundChangesAsync(before, 0, CancellationToken.None);
        Assert.Equal(20, changes.Needs.Count);
        Assert.Equal(20, changes.Pledges.Count);
        Assert.Equal(before + 40, changes.ViewSequence);
    }

    [ContractFact]
    public async Task LoadRoundChanges_ReadsEveryMatchAndReleaseWrittenAfterTheSequence_WhoeverWroteIt()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        var dropped = Samples.Match(Now, "round_1", needId: "need_1");
        var approving = Samples.Match(Now, "round_1", needId: "need_2");
        var rejected = Samples.Match(Now, "round_1", needId: "need_3");
        var untouched = Samples.Match(Now, "round_1", needId: "need_4");
        await store.ApplyRoundAsync(Round("round_1", 4), [dropped, approving, rejected, untouched], [], RoundEvent("round_1"), await LeaseAsync(store),
            CancellationToken.None);
        var full = await store.LoadRoundInputAsync(CancellationToken.None);
        Assert.Equal(4, full.OpenMatches.Count);
        Assert.Empty(full.ClosedMatchIds);
        Assert.True(full.MatchSequence >= 1);

        // The next round, a decision taken on another replica, an approval in flight and a cancelled flow's release.
        var added = Samples.Match(Now, "round_2", needId: "need_1", pledgeId: "pledge_2");
        await store.ApplyRoundAsync(Round("round_2", 4), [added], [dropped.Id], RoundEvent("round_2"), await LeaseAsync(store), CancellationToken.None);
        Assert.True(await store.TransitionAsync(approving.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-1", Now, CancellationToken.None));
        var decision = rejected with { Status = MatchStatus.Rejected, DecidedBy = "chair-2", DecidedAt = Now, Reason = "Not eligible" };
        Assert.True(await store.SettleDecisionAsync(decision, MatchStatus.Proposed,
            new MatchRejected(rejected.Id, rejected.NeedId, rejected.PledgeId, rejected.Country, rejected.Donor, "Not eligible", "chair-2", "CR", Now),
            Samples.Audit(Now, rejected.Id, "match.rejected"), CancellationToken.None));
        await store.RecordReleaseAsync(new MatchRelease("match_approved_earlier", 500, 550), CancellationToken.None);
        // Refused writes change nothing a round must read.
        Assert.False(await store.TransitionAsync(untouched.Id, MatchStatus.Approving, MatchStatus.Approved, "chair-1", Now, CancellationToken.None));
        await store.RecordReleaseAsync(new MatchRelease("match_approved_earlier", 1, 1), CancellationToken.None);

        var changes = await store.LoadRoundChangesAsync(full.ViewSequence, full.MatchSequence, CancellationToken.None);

        Assert.Equal(new[] { added.Id, approving.Id }.Order(StringComparer.Ordinal), changes.OpenMatches.Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.Equal(MatchStatus.Approving, changes.OpenMatches.Single(m => m.Id == approving.Id).Status);
        Assert.Equal(new[] { dropped.Id, rejected.Id }.Order(StringComparer.Ordinal), changes.ClosedMatchIds.Order(StringComparer.Ordinal));
        Assert.Equal([(rejected.NeedId, rejected.PledgeId)], changes.RejectedPairs);
        Assert.Equal([new MatchRelease("match_approved_earlier", 500, 550)], changes.Releases.Values);
        Assert.True(changes.MatchSequence >= full.MatchSequence + 4);
        Assert.Equal(changes.MatchSequence, (await store.LoadRoundInputAsync(CancellationToken.None)).MatchSequence);

        var quiet = await store.LoadRoundChangesAsync(changes.ViewSequence, changes.MatchSequence, CancellationToken.None);
        Assert.Empty(quiet.OpenMatches);
        Assert.Empty(quiet.ClosedMatchIds);
        Assert.Empty(quiet.Releases);
        Assert.Equal(changes.MatchSequence, quiet.MatchSequence);
    }

    [ContractFact]
    public async Task MatchWrites_InParallel_TakeSequencesThatChangeReadsSee()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        var matches = Enumerable.Range(0, 20).Select(i => Samples.Match(Now, "round_1", needId: $"need_{i}")).ToList();
        await store.ApplyRoundAsync(Round("round_1", 20), matches, [], RoundEvent("round_1"), await LeaseAsync(store), CancellationToken.None);
        var before = (await store.LoadRoundInputAsync(CancellationToken.None)).MatchSequence;

        await Task.WhenAll(matches.Select((m, i) => i % 2 == 0
            ? store.TransitionAsync(m.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-1", Now, CancellationToken.None)
            : store.RecordReleaseAsync(new MatchRelease(m.Id, 1, 1), CancellationToken.None)));

        var changes = await store.LoadRoundChangesAsync(0, before, CancellationToken.None);
        Assert.Equal(10, changes.OpenMatches.Count);
        Assert.All(changes.OpenMatches, m => Assert.Equal(MatchStatus.Approving, m.Status));
        Assert.Equal(10, changes.Releases.Count);
        Assert.True(changes.MatchSequence >= before + 20);
    }

    [ContractFact]
    public async Task RecordRelease_IsReadByTheRoundOncePerMatch()
    {
        var (store, _) = await Backend.CreateMatchingAsync();

        await store.RecordReleaseAsync(new MatchRelease("match_1", 70_000, 75_950), CancellationToken.None);
        await store.RecordReleaseAsync(new MatchRelease("match_1", 1, 1), CancellationToken.None);
        await store.RecordReleaseAsync(new MatchRelease("match_2", 5, 6), CancellationToken.None);

        var input = await store.LoadRoundInputAsync(CancellationToken.None);
        Assert.Equal(new MatchRelease("match_1", 70_000, 75_950), input.Releases["match_1"]);
        Assert.Equal(2, input.Releases.Count);
    }

    [ContractFact]
    public async Task SolverLease_IsExclusiveUntilReleasedOrExpired_AndItsTokenRisesWithEveryNewHolder()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        var ttl = TimeSpan.FromMinutes(2);

        Assert.Equal(1, await store.TryAcquireSolverLeaseAsync("replica-a", Now, ttl, CancellationToken.None));
        Assert.Null(await store.TryAcquireSolverLeaseAsync("replica-b", Now.AddSeconds(1), ttl, CancellationToken.None));
        Assert.Equal(1, await store.TryAcquireSolverLeaseAsync("replica-a", Now.AddSeconds(2), ttl, CancellationToken.None));
        Assert.Equal(2, await store.TryAcquireSolverLeaseAsync("replica-b", Now.AddMinutes(3), ttl, CancellationToken.None));
        await store.ReleaseSolverLeaseAsync("replica-a", CancellationToken.None);
        Assert.Null(await store.TryAcquireSolverLeaseAsync("replica-a", Now.AddMinutes(3), ttl, CancellationToken.None));
        await store.ReleaseSolverLeaseAsync("replica-b", CancellationToken.None);
        Assert.Equal(3, await store.TryAcquireSolverLeaseAsync("replica-a", Now.AddMinutes(3), ttl, CancellationToken.None));
        await store.ReleaseSolverLeaseAsync("replica-a", CancellationToken.None);
        Assert.Equal(4, await store.TryAcquireSolverLeaseAsync("replica-a", Now.AddMinutes(4), ttl, CancellationToken.None));
    }

    [ContractFact]
    public async Task RoundWrites_FromAHolderWhoseLeaseWasTakenOver_AreRefused()
    {
        var (store, outbox) = await Backend.CreateMatchingAsync();
        var ttl = TimeSpan.FromSeconds(15);
        var stale = (await store.TryAcquireSolverLeaseAsync("replica-a", Now, ttl, CancellationToken.None))!.Value;
        var current = (await store.TryAcquireSolverLeaseAsync("replica-b", Now.AddMinutes(1), ttl, CancellationToken.None))!.Value;
        var early = Samples.Match(Now, "round_1");
        var late = Samples.Match(Now, "round_2", needId: "need_2");

        await Assert.ThrowsAsync<StaleSolverLeaseException>(() => store.AddProposalsAsync([early], stale, CancellationToken.None));
        await Assert.ThrowsAsync<StaleSolverLeaseException>(() => store.AddProposalsAsync([], stale, CancellationToken.None));
        await store.AddProposalsAsync([], current, CancellationToken.None);
        await store.SupersedeProposalsAsync([], current, CancellationToken.None);
        await Assert.ThrowsAsync<StaleSolverLeaseException>(() => store.SupersedeProposalsAsync([early.Id], stale, CancellationToken.None));
        await Assert.ThrowsAsync<StaleSolverLeaseException>(() =>
            store.CompleteRoundAsync(Round("round_1", 1), RoundEvent("round_1"), stale, CancellationToken.None));
        await store.ApplyRoundAsync(Round("round_2", 1), [late], [], RoundEvent("round_2"), current, CancellationToken.None);

        Assert.Null(await store.GetMatchAsync(early.Id, CancellationToken.None));
        Assert.Equal(MatchStatus.Proposed, (await store.GetMatchAsync(late.Id, CancellationToken.None))!.Status);
        // Only the current holder's round: its event and its proposal's MatchProposed.
        Assert.Equal(2, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
    }

    [ContractFact]
    public async Task RoundWrittenInChunks_ShowsAReaderOnlyStatesThatHoldNoMoreThanTheRound()
    {
        var (store, outbox) = await Backend.CreateMatchingAsync();
        var token = await LeaseAsync(store);
        var old = Enumerable.Range(0, 3).Select(i => Samples.Match(Now, "round_1", needId: $"need_{i}")).ToList();
        await store.ApplyRoundAsync(Round("round_1", 3), old, [], RoundEvent("round_1"), token, CancellationToken.None);
        var replacements = Enumerable.Range(0, 4).Select(i => Samples.Match(Now, "round_2", needId: $"need_{i}")).ToList();
        async Task<List<string>> ProposedAsync() =>
            [.. (await store.ListMatchesAsync(new MatchFilter(MatchStatus.Proposed, null, null, null, null), 50, null, CancellationToken.None)).Items.Select(m => m.Id)];

        // The chunks RoundWrites.ApplyRoundAsync would write, one at a time, with a reader between them.
        await store.SupersedeProposalsAsync([old[0].Id, old[1].Id], token, CancellationToken.None);
        Assert.Equal([old[2].Id], await ProposedAsync());
        await store.SupersedeProposalsAsync([old[2].Id], token, CancellationToken.None);
        Assert.Empty(await ProposedAsync());
        await store.AddProposalsAsync(replacements[..2], token, CancellationToken.None);
        Assert.Equal(replacements[..2].Select(m => m.Id), await ProposedAsync());
        // Round 1 queued 4 events (3 proposals, the round); each inserted proposal queues its MatchProposed.
        Assert.Equal(6, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);

        // A chunk written again (a retry after an unknown commit outcome) adds nothing and reorders nothing.
        await store.AddProposalsAsync(replacements[1..], token, CancellationToken.None);
        Assert.Equal(replacements.Select(m => m.Id), await ProposedAsync());
        // Only the two proposals this write inserted announce themselves.
        Assert.Equal(8, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);

        await store.CompleteRoundAsync(Round("round_2", 4), RoundEvent("round_2"), token, CancellationToken.None);
        Assert.Equal(9, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);
        foreach (var match in old)
        {
            Assert.Equal(MatchStatus.Superseded, (await store.GetMatchAsync(match.Id, CancellationToken.None))!.Status);
        }
    }

    [ContractFact]
    public async Task ApplyRound_LargerThanAChunk_IsWrittenWhole()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        var token = await LeaseAsync(store);
        var matches = Enumerable.Range(0, RoundWrites.ChunkSize + 7).Select(i => Samples.Match(Now, "round_1", needId: $"need_{i}")).ToList();

        await store.ApplyRoundAsync(Round("round_1", matches.Count), matches, [], RoundEvent("round_1"), token, CancellationToken.None);

        var listed = new List<string>();
        MatchCursor? after = null;
        do
        {
            var page = await store.ListMatchesAsync(new MatchFilter(null, null, null, null, null), 200, after, CancellationToken.None);
            listed.AddRange(page.Items.Select(m => m.Id));
            after = MatchCursor.Next(new MatchFilter(null, null, null, null, null), page);
        }
        while (after is not null);
        Assert.Equal(matches.Select(m => m.Id), listed);
    }
}
