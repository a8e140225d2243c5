using Marketplace.Matching.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Engine.Fund;
using Marketplace.Matching.Engine.Incremental;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.IntegrationTests.Rounds;

/// <summary>
/// A replica's rounds keep the market in memory and read only what the store wrote since (<see cref="MarketCache"/>), so a
/// decision taken on another replica, written to the store and never seen by this one's requests, must reach its next
/// automatic round through that read: the scenario, a rejection on one replica moving the money on the other.
/// </summary>
public sealed class ReplicaDecisionTests(MatchingApiFactory factory) : IClassFixture<MatchingApiFactory>
{
    [Fact]
    public async Task Rejection_WrittenByAnotherReplica_IsTakenByTheNextAutomaticRound()
    {
        var store = factory.Services.GetRequiredService<IMatchingStore>();
        var clock = factory.Services.GetRequiredService<TimeProvider>();
        var critical = Ids.New("need");
        var low = Ids.New("need");
        var pledgeId = Ids.New("pledge");
        await store.UpsertNeedAsync(Need(critical, "critical"), CancellationToken.None);
        await store.UpsertNeedAsync(Need(low, "low"), CancellationToken.None);
        await store.UpsertPledgeAsync(new PledgeView(pledgeId, "BR", "Replica pledge", "in-kind", ["PA"], ["local-governance"], 50_000, 0, "USD",
            null, null, null, null, "open", 1), CancellationToken.None);
        var weights = new PriorityWeights();
        var runner = ActivatorUtilities.CreateInstance<MatchingRoundRunner>(factory.Services,
            new LexicographicMatching(new IncrementalMatchingEngine(weights), new MinCostFlowMatchingEngine(weights)));

        await runner.RunAsync("events", CancellationToken.None);
        var first = Assert.Single(await ProposalsOfAsync(store, pledgeId));
        Assert.Equal(critical, first.NeedId);

        // Another replica's chair rejects the pair: a write to the store only.
        var rejected = first with { Status = MatchStatus.Rejected, DecidedBy = "chair-on-replica-b", DecidedAt = clock.GetUtcNow(), Reason = "Not now" };
        Assert.True(await store.SettleDecisionAsync(rejected, MatchStatus.Proposed,
            new MatchRejected(first.Id, first.NeedId, first.PledgeId, first.Country, first.Donor, "Not now", "chair-on-replica-b", "PA", clock.GetUtcNow()),
            new AuditEntry(clock.GetUtcNow(), "chair-on-replica-b", "Chair", "PA", "match.rejected", first.Id, []), CancellationToken.None));
        await runner.RunAsync("events", CancellationToken.None);

        var moved = Assert.Single(await ProposalsOfAsync(store, pledgeId));
        Assert.Equal((low, 50_000L), (moved.NeedId, moved.Amount.Minor));
        // The second round read only what changed: the rejection came through the change read, not a reload.
        Assert.Equal((1, 1), runner.Loads);
    }

    private static NeedView Need(string id, string priority) =>
        new(id, "PA", "local-governance", $"A {priority} need", ["in-kind"], priority, 80_000, 0, "USD", "open", null, null, 1);

    private static async Task<IReadOnlyList<Match>> ProposalsOfAsync(IMatchingStore store, string pledgeId) =>
        (await store.ListMatchesAsync(new MatchFilter(MatchStatus.Proposed, null, pledgeId, null, null), 50, null, CancellationToken.None)).Items;
}
