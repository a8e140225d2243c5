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
        await store.ApplyRoundAsync(Round("round_1", 3), [a, b, c], [], RoundEvent("round_1"), CancellationToken.None);
        Assert.True(await store.TransitionAsync(b.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-1", Now, CancellationToken.None));

        var d = Samples.Match(Now, "round_2", needId: "need_3", pledgeId: "pledge_2");
        await store.ApplyRoundAsync(Round("round_2", 2), [d], [a.Id, b.Id], RoundEvent("round_2"), CancellationToken.None);

        Assert.Equal(MatchStatus.Superseded, (await store.GetMatchAsync(a.Id, CancellationToken.None))!.Status);
        Assert.Equal(MatchStatus.Approving, (await store.GetMatchAsync(b.Id, CancellationToken.None))!.Status);
        var stored = await store.GetMatchAsync(c.Id, CancellationToken.None);
        Assert.Equal(c with { Reasons = [] }, stored! with { Reasons = [] });
        Assert.Equal(c.Reasons, stored.Reasons);
        Assert.Equal(2, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);

        async Task<IEnumerable<string>> IdsAsync(MatchFilter f) => (await store.ListMatchesAsync(f, 50, null, CancellationToken.None)).Items.Select(m => m.Id);
        Assert.Equal(new[] { c.Id, d.Id }.Order(StringComparer.Ordinal), await IdsAsync(new MatchFilter(MatchStatus.Proposed, null, null, null, null)));
        Assert.Equal(new[] { b.Id, c.Id }.Order(StringComparer.Ordinal), await IdsAsync(new MatchFilter(null, "need_2", null, null, null)));
        Assert.Equal([c.Id], await IdsAsync(new MatchFilter(null, null, "pledge_2", "GT", "CA")));
        Assert.Equal([b.Id], await IdsAsync(new MatchFilter(MatchStatus.Approving, null, "pledge_1", "GT", "EU")));

        var all = new[] { a.Id, b.Id, c.Id, d.Id }.Order(StringComparer.Ordinal).ToList();
        var first = await store.ListMatchesAsync(new MatchFilter(null, null, null, null, null), 3, null, CancellationToken.None);
        PageToken.TryDecode(first.NextPageToken!, out var after);
        var second = await store.ListMatchesAsync(new MatchFilter(null, null, null, null, null), 3, after, CancellationToken.None);
        Assert.Equal(all, first.Items.Concat(second.Items).Select(m => m.Id));
    }

    [ContractFact]
    public async Task Transitions_ApplyOnlyFromTheExpectedStatus()
    {
        var (store, outbox) = await Backend.CreateMatchingAsync();
        var match = Samples.Match(Now, "round_1");
        await store.ApplyRoundAsync(Round("round_1", 1), [match], [], RoundEvent("round_1"), CancellationToken.None);

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
        Assert.Equal(2, (await outbox.GetBacklogAsync(CancellationToken.None)).Pending);

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
        await store.ApplyRoundAsync(Round("round_1", 2), [proposed, approving], [], RoundEvent("round_1"), CancellationToken.None);
        await store.TransitionAsync(approving.Id, MatchStatus.Proposed, MatchStatus.Approving, "chair-1", Now, CancellationToken.None);

        var input = await store.LoadRoundInputAsync(CancellationToken.None);

        Assert.Equal(["need_1"], input.Needs.Select(n => n.Id));
        Assert.Equal(["pledge_1"], input.Pledges.Select(p => p.Id));
        Assert.Equal(new[] { proposed.Id, approving.Id }.Order(StringComparer.Ordinal), input.OpenMatches.Select(m => m.Id));
        Assert.Empty(input.RejectedPairs);
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
    public async Task SolverLease_IsExclusiveUntilReleasedOrExpired()
    {
        var (store, _) = await Backend.CreateMatchingAsync();
        var ttl = TimeSpan.FromMinutes(2);

        Assert.True(await store.TryAcquireSolverLeaseAsync("replica-a", Now, ttl, CancellationToken.None));
        Assert.False(await store.TryAcquireSolverLeaseAsync("replica-b", Now.AddSeconds(1), ttl, CancellationToken.None));
        Assert.True(await store.TryAcquireSolverLeaseAsync("replica-a", Now.AddSeconds(2), ttl, CancellationToken.None));
        Assert.True(await store.TryAcquireSolverLeaseAsync("replica-b", Now.AddMinutes(3), ttl, CancellationToken.None));
        await store.ReleaseSolverLeaseAsync("replica-a", CancellationToken.None);
        Assert.False(await store.TryAcquireSolverLeaseAsync("replica-a", Now.AddMinutes(3), ttl, CancellationToken.None));
        await store.ReleaseSolverLeaseAsync("replica-b", CancellationToken.None);
        Assert.True(await store.TryAcquireSolverLeaseAsync("replica-a", Now.AddMinutes(3), ttl, CancellationToken.None));
    }
}
