using Marketplace.Matching.Engine.Fund;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Engine;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.ServiceKit.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.IntegrationTests.Rounds;

/// <summary>
/// A replica that stalls mid-round past its lease (a long GC pause, a frozen node) and wakes after another
/// replica took the lease over must not write its now stale round: its fencing token is refused.
/// </summary>
public sealed class SolverLeaseFencingTests : IClassFixture<MatchingApiFactory>
{
    private readonly MatchingApiFactory _factory;

    public SolverLeaseFencingTests(MatchingApiFactory factory) => _factory = factory;

    /// <summary>The real engine, held at the solve until the test lets it go: the stall.</summary>
    private sealed class StalledEngine(IMatchingEngine engine) : IMatchingEngine
    {
        public TaskCompletionSource Solving { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Resume { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MatchingResult Solve(MatchingProblem problem)
        {
            Solving.TrySetResult();
            Resume.Task.Wait(TimeSpan.FromSeconds(30));
            return engine.Solve(problem);
        }
    }

    [Fact]
    public async Task Round_OfAHolderWhoseLeaseWasTakenOverMidRound_IsRefusedWhole()
    {
        var store = _factory.Services.GetRequiredService<IMatchingStore>();
        var clock = _factory.Services.GetRequiredService<TimeProvider>();
        var needId = Ids.New("need");
        var pledgeId = Ids.New("pledge");
        await store.UpsertNeedAsync(new NeedView(needId, "PA", "shelter", "Fenced need", ["grant"], "high", 80_000, 0, "USD", "open", null, null, 1),
            CancellationToken.None);
        await store.UpsertPledgeAsync(new PledgeView(pledgeId, "EU", "Fenced pledge", "grant", ["PA"], ["shelter"], 50_000, 0, "USD", null, null,
            null, null, "open", 1), CancellationToken.None);
        var stalled = new StalledEngine(_factory.Services.GetRequiredService<IMatchingEngine>());
        var runner = ActivatorUtilities.CreateInstance<MatchingRoundRunner>(_factory.Services,
            new LexicographicMatching(stalled, _factory.Services.GetRequiredService<IMatchingEngine>()));

        var round = Task.Run(() => runner.RunAsync(MatchingRoundRunner.ManualTrigger, CancellationToken.None));
        await stalled.Solving.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Another replica, once the stalled holder's 15 s lease has run out, takes the lease over.
        var takeover = await store.TryAcquireSolverLeaseAsync("replica-after-the-stall", clock.GetUtcNow().AddSeconds(20), TimeSpan.FromSeconds(15),
            CancellationToken.None);
        Assert.NotNull(takeover);
        stalled.Resume.SetResult();

        var refused = await Assert.ThrowsAsync<StaleSolverLeaseException>(() => round);
        Assert.True(refused.Token < takeover);
        Assert.Empty(await ProposalsForAsync(store, needId));

        // The new holder's round, with the same views, does propose the pair: the refusal is the fence, not the data.
        await store.ReleaseSolverLeaseAsync("replica-after-the-stall", CancellationToken.None);
        await _factory.Services.GetRequiredService<MatchingRoundRunner>().RunAsync(MatchingRoundRunner.ManualTrigger, CancellationToken.None);
        Assert.Equal([pledgeId], (await ProposalsForAsync(store, needId)).Select(m => m.PledgeId));
    }

    private static async Task<IReadOnlyList<Match>> ProposalsForAsync(IMatchingStore store, string needId) =>
        (await store.ListMatchesAsync(new MatchFilter(MatchStatus.Proposed, needId, null, null, null), 50, null, CancellationToken.None)).Items;
}
