using System.Net;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>Failure injection between the two steps of an approval, on a system of its own.</summary>
public sealed class ApprovalFailureTests : IAsyncLifetime
{
    private readonly MarketplaceProcesses _system = new();

    public Task InitializeAsync() => _system.StartAsync(everyProcess: new Dictionary<string, string> { ["Matching__ApprovalRecoveryGraceSeconds"] = "3" });

    public Task DisposeAsync() => _system.DisposeAsync().AsTask();

    [Fact]
    public async Task Approve_WhileNeedsServiceIsDown_CompensatesAndEndsConsistent()
    {
        var state = await _system.ClientAsync("state-gt");
        var donor = await _system.ClientAsync("donor-eu");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await state.PostNeedAsync("GT", "20000.00", sector: "health");
        var pledgeId = await donor.PostPledgeAsync("20000.00", "USD", "[\"GT\"]", "[\"health\"]");
        var first = (await secretariat.ProposalsAsync($"needId={needId}", 1)).Single()!["id"]!.GetValue<string>();

        _system.Kill("needs");
        var failed = await secretariat.PostAsync($"api/v1/matches/{first}/approve", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.True(failed.Headers.Contains("Retry-After"));
        var pledgeMeanwhile = await secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}");
        Assert.Equal("0.00", pledgeMeanwhile.Amount("allocated"));

        _system.Start("needs");
        await _system.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        var compensated = await Eventually.GetAsync(() => secretariat.GetObjectAsync($"api/v1/matches/{first}"),
            m => m["status"]!.GetValue<string>() == "superseded", TimeSpan.FromSeconds(30), "recovery to finish the compensation");
        Assert.NotNull(compensated);
        Assert.Equal("0.00", (await secretariat.GetObjectAsync($"api/v1/needs/{needId}")).Amount("funded"));

        var second = (await secretariat.ProposalsAsync($"needId={needId}", 1)).Single()!["id"]!.GetValue<string>();
        var approved = await secretariat.PostAsync($"api/v1/matches/{second}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("20000.00", (await secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}")).Amount("allocated"));
        Assert.Equal("20000.00", (await secretariat.GetObjectAsync($"api/v1/needs/{needId}")).Amount("funded"));
        var lateRetry = await secretariat.PostAsync($"api/v1/matches/{first}/approve", null);
        Assert.Equal(HttpStatusCode.Conflict, lateRetry.StatusCode);
    }
}
