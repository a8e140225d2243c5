using Marketplace.Persistence.ContractTests.Support;
using Marketplace.ServiceKit.Idempotency;

namespace Marketplace.Persistence.ContractTests;

/// <summary>What every <see cref="IIdempotencyStore"/> must do, whatever the provider.</summary>
public abstract class IdempotencyStoreContract : StoreContract
{
    private static readonly StoredResponse Created = new(201, "application/json", "/api/v1/things/1", "\"1\"", "{\"id\":1}"u8.ToArray());

    [ContractFact]
    public async Task Claim_ThenComplete_ReplaysForTheSameBody_AndRefusesAnotherBody()
    {
        var store = await Backend.CreateIdempotencyKeysAsync();

        Assert.Equal(ClaimOutcome.Claimed, (await store.ClaimAsync("k", "body-a", Now, Now.AddMinutes(1), CancellationToken.None)).Outcome);
        Assert.Equal(ClaimOutcome.InProgress, (await store.ClaimAsync("k", "body-a", Now, Now.AddMinutes(1), CancellationToken.None)).Outcome);
        Assert.Equal(ClaimOutcome.Mismatch, (await store.ClaimAsync("k", "body-b", Now, Now.AddMinutes(1), CancellationToken.None)).Outcome);
        await store.CompleteAsync("k", Created, Now.AddHours(24), CancellationToken.None);

        var replay = await store.ClaimAsync("k", "body-a", Now.AddHours(23), Now.AddHours(23).AddMinutes(1), CancellationToken.None);
        Assert.Equal(ClaimOutcome.Replay, replay.Outcome);
        Assert.Equivalent(Created, replay.Response, strict: true);
        Assert.Equal(ClaimOutcome.Mismatch, (await store.ClaimAsync("k", "body-b", Now, Now.AddMinutes(1), CancellationToken.None)).Outcome);
    }

    [ContractFact]
    public async Task Claim_AfterExpiryOrAnAbandonedClaim_IsANewClaim()
    {
        var store = await Backend.CreateIdempotencyKeysAsync();
        await store.ClaimAsync("done", "a", Now, Now.AddMinutes(1), CancellationToken.None);
        await store.CompleteAsync("done", Created, Now.AddHours(24), CancellationToken.None);
        await store.ClaimAsync("crashed", "a", Now, Now.AddMinutes(1), CancellationToken.None);

        Assert.Equal(ClaimOutcome.Claimed, (await store.ClaimAsync("done", "b", Now.AddHours(25), Now.AddHours(25).AddMinutes(1), CancellationToken.None)).Outcome);
        Assert.Equal(ClaimOutcome.Claimed, (await store.ClaimAsync("crashed", "a", Now.AddMinutes(2), Now.AddMinutes(3), CancellationToken.None)).Outcome);
    }

    [ContractFact]
    public async Task Release_GivesTheKeyBack_ButNeverACompletedResponse()
    {
        var store = await Backend.CreateIdempotencyKeysAsync();
        await store.ClaimAsync("failed", "a", Now, Now.AddMinutes(1), CancellationToken.None);
        await store.ReleaseAsync("failed", CancellationToken.None);
        await store.ClaimAsync("done", "a", Now, Now.AddMinutes(1), CancellationToken.None);
        await store.CompleteAsync("done", Created, Now.AddHours(24), CancellationToken.None);
        await store.ReleaseAsync("done", CancellationToken.None);

        Assert.Equal(ClaimOutcome.Claimed, (await store.ClaimAsync("failed", "a", Now, Now.AddMinutes(1), CancellationToken.None)).Outcome);
        Assert.Equal(ClaimOutcome.Replay, (await store.ClaimAsync("done", "a", Now, Now.AddMinutes(1), CancellationToken.None)).Outcome);
    }

    [ContractFact]
    public async Task Claim_TenConcurrentClaimsOfOneKey_OnlyOneWins()
    {
        var store = await Backend.CreateIdempotencyKeysAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
            (await store.ClaimAsync("k", "a", Now, Now.AddMinutes(1), CancellationToken.None)).Outcome)));

        Assert.Single(outcomes, o => o == ClaimOutcome.Claimed);
        Assert.All(outcomes.Where(o => o != ClaimOutcome.Claimed), o => Assert.Equal(ClaimOutcome.InProgress, o));
    }
}
