using Marketplace.Matching.Domain;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Engine.Fund;
using Marketplace.Matching.Engine.Incremental;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.ServiceKit.Outbox;
using Marketplace.ServiceKit.Persistence;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.IntegrationTests.Rounds;

/// <summary>
/// Automatic rounds on the delta path (the runner hands the engine only what its change read found, and writes only the
/// pairs whose amount changed) against a full solve of the same market, on random sequences of store writes: needs and
/// pledges posted, resized and withdrawn, proposals approved and rejected. The proposals after every round must carry
/// the full solve's weighted objective, and only the first round may be solved in full.
/// </summary>
public sealed class DeltaRoundTests(MatchingApiFactory factory) : IClassFixture<MatchingApiFactory>, IDisposable
{
    private static readonly string[] Countries = ["GT", "HN", "SV"];
    private static readonly string[] Sectors = ["health", "education"];
    private static readonly string[] Priorities = ["critical", "high", "medium", "low"];
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AutomaticRounds_OnRandomEventSequences_KeepTheProposalsOfAFullSolve(int seed)
    {
        var random = new Random(seed);
        var signal = new OutboxSignal();
        var database = new SqliteDatabase(_directory.Path, $"delta-{seed}.db", SqliteMatchingSchema.Sql);
        IMatchingStore store = new SqliteMatchingStore(database, new SqliteChangeWriter(database, signal), signal);
        var weights = new PriorityWeights();
        var bilateral = new IncrementalMatchingEngine(weights);
        var runner = ActivatorUtilities.CreateInstance<MatchingRoundRunner>(factory.Services, store,
            new LexicographicMatching(bilateral, new MinCostFlowMatchingEngine(weights)));
        var needs = new Dictionary<string, NeedView>();
        var pledges = new Dictionary<string, PledgeView>();
        for (var i = 0; i < 8; i++)
        {
            await Post(NewNeed(random, $"need_{i}"));
            await Post(NewPledge(random, $"pledge_{i}"));
        }

        for (var round = 0; round < 30; round++)
        {
            await runner.RunAsync("events", CancellationToken.None);
            await AssertOptimalAsync($"seed {seed}, round {round}");
            for (var events = random.Next(1, 5); events > 0; events--)
            {
                var proposals = await ProposalsAsync();
                switch (random.Next(7))
                {
                    case 0:
                        await Post(NewNeed(random, $"need_{round}_{events}"));
                        break;
                    case 1:
                        await Post(NewPledge(random, $"pledge_{round}_{events}"));
                        break;
                    case 2:
                        var need = Pick(random, needs.Values.ToList());
                        await Post(need with { AmountMinor = 100 * random.Next(1, 40), Version = need.Version + 1 });
                        break;
                    case 3:
                        var pledge = Pick(random, pledges.Values.ToList());
                        await Post(pledge with { Status = "withdrawn", Version = pledge.Version + 1 });
                        break;
                    case 4 when proposals.Count > 0:
                        await store.TransitionAsync(Pick(random, proposals).Id, MatchStatus.Proposed, MatchStatus.Approving, "chair", DateTimeOffset.UtcNow,
                            CancellationToken.None);
                        break;
                    case 5 when proposals.Count > 0:
                        var rejected = Pick(random, proposals);
                        await store.TransitionAsync(rejected.Id, MatchStatus.Proposed, MatchStatus.Rejected, "chair", DateTimeOffset.UtcNow, CancellationToken.None);
                        break;
                    default:
                        var changed = Pick(random, needs.Values.ToList());
                        await Post(changed with { Priority = Pick(random, Priorities), Version = changed.Version + 1 });
                        break;
                }
            }
        }

        Assert.Equal(1, bilateral.FullSolves);
        Assert.Equal((1, 29), runner.Loads);

        async Task Post(object view)
        {
            switch (view)
            {
                case NeedView n:
                    needs[n.Id] = n;
                    await store.UpsertNeedAsync(n, CancellationToken.None);
                    break;
                case PledgeView p:
                    pledges[p.Id] = p;
                    await store.UpsertPledgeAsync(p, CancellationToken.None);
                    break;
            }
        }

        async Task<List<Match>> ProposalsAsync() =>
            [.. (await store.ListMatchesAsync(new MatchFilter(MatchStatus.Proposed, null, null, null, null), 500, null, CancellationToken.None)).Items];

        // The full solve of the market as the store holds it now (USD only, so minor units are cents), from nothing.
        async Task AssertOptimalAsync(string context)
        {
            var input = await store.LoadRoundInputAsync(CancellationToken.None);
            var held = input.OpenMatches.Where(m => m.Status != MatchStatus.Proposed).ToList();
            var problem = new MatchingProblem(
                [.. input.Needs.Where(n => n.IsOpen).Select(n => new NeedInput(n.Id, n.Country, n.Sector, n.Instruments.ToHashSet(),
                    ProposalBuilder.PriorityOf(n.Priority), n.AmountMinor - held.Where(m => m.NeedId == n.Id).Sum(m => m.NeedAmount.Minor), null, null))],
                [.. input.Pledges.Where(p => p.IsOpen).Select(p => new PledgeInput(p.Id, p.Countries.ToHashSet(), p.Sectors.ToHashSet(), p.Instrument,
                    p.AmountMinor - held.Where(m => m.PledgeId == p.Id).Sum(m => m.Amount.Minor), null, null, null, null))],
                []) { ForbiddenPairs = input.RejectedPairs };
            var expected = new MinCostFlowMatchingEngine(weights).Solve(problem with { Rebuild = true }).WeightedObjective;
            var proposed = input.OpenMatches.Where(m => m.Status == MatchStatus.Proposed)
                .Sum(m => weights.Of(ProposalBuilder.PriorityOf(input.Needs.Single(n => n.Id == m.NeedId).Priority)) * m.UsdCents);
            Assert.True(expected == proposed, $"{context}: proposals carry {proposed}, a full solve {expected} ({bilateral.LastFullSolveReason})");
            Assert.DoesNotContain(input.OpenMatches, m => m.Status == MatchStatus.Proposed && input.RejectedPairs.Contains((m.NeedId, m.PledgeId)));
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static NeedView NewNeed(Random random, string id) =>
        new(id, Pick(random, Countries), Pick(random, Sectors), "A need", ["grant"], Pick(random, Priorities), 100 * random.Next(1, 40), 0, "USD", "open",
            null, null, 1);

    private static PledgeView NewPledge(Random random, string id) =>
        new(id, "EU", "A pledge", "grant", random.Next(2) == 0 ? [] : [Pick(random, Countries)], random.Next(2) == 0 ? [] : [Pick(random, Sectors)],
            100 * random.Next(1, 50), 0, "USD", null, null, null, null, "open", 1);
}
