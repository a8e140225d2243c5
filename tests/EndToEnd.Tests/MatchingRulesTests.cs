using System.Net;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

// API.md "Matching": a rejection moves the money to the next best need, and a full cover closes the need.
// Each test uses in-kind items in a date window of its own, so no other test's needs or pledges can match.
[Collection(SystemCollection.Name)]
public sealed class MatchingRulesTests(SystemFixture fixture)
{
    private readonly MarketplaceProcesses _system = fixture.System;

    [Fact]
    public async Task Reject_PairWithTheCriticalNeed_ProposesThePledgeToTheLowNeedAtOnce()
    {
        var state = await _system.ClientAsync("state-pa");
        var donor = await _system.ClientAsync("donor-br");
        var secretariat = await _system.ClientAsync("secretariat");
        var critical = await PostNeedAsync(state, "PA", "50000.00", "USD", "critical", 2031);
        var low = await PostNeedAsync(state, "PA", "50000.00", "USD", "low", 2031);
        var pledgeId = await PostPledgeAsync(donor, "50000.00", "USD", "PA", 2031);
        var first = (await secretariat.ProposalsAsync($"pledgeId={pledgeId}", 1)).Single()!;
        Assert.Equal(critical, first["needId"]!.GetValue<string>());

        var reject = await secretariat.PostAsync($"api/v1/matches/{first["id"]}/reject", Json.Body("{\"reason\":\"Already covered by a bilateral agreement\"}"));

        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        var next = (await secretariat.ProposalsAsync($"pledgeId={pledgeId}&needId={low}", 1, TimeSpan.FromSeconds(15))).Single()!;
        Assert.Equal("50000.00", next.Amount("amount"));
        var forCritical = await secretariat.GetObjectAsync($"api/v1/matches?status=proposed&needId={critical}");
        Assert.Empty(forCritical["items"]!.AsArray());
    }

    [Fact]
    public async Task Approve_CrossCurrencyFullCover_LeavesTheNeedFundedWithNothingRemaining()
    {
        var state = await _system.ClientAsync("state-cr");
        var donor = await _system.ClientAsync("donor-ca");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await PostNeedAsync(state, "CR", "350000000.00", "CRC", "high", 2032);
        var pledgeId = await PostPledgeAsync(donor, "2000000.00", "CAD", "CR", 2032);
        var proposal = (await secretariat.ProposalsAsync($"pledgeId={pledgeId}", 1)).Single()!;
        Assert.Equal("350000000.00", proposal.Amount("needAmount"));

        var approve = await secretariat.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null);

        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var need = await secretariat.GetObjectAsync($"api/v1/needs/{needId}");
        Assert.Equal("funded", need["status"]!.GetValue<string>());
        Assert.Equal("0.00", need.Amount("remaining"));
        var pledge = await secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}");
        Assert.Equal(proposal.Amount("amount"), pledge.Amount("allocated"));
    }

    private static async Task<string> PostNeedAsync(HttpClient state, string country, string amount, string currency, string priority, int year)
    {
        var response = await state.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"{{country}}","title":"Local governance {{priority}}","sector":"local-governance",
             "amount":{"amount":"{{amount}}","currency":"{{currency}}"},"instruments":["in-kind"],"priority":"{{priority}}",
             "startDate":"{{year}}-01-01","endDate":"{{year}}-12-31"}
            """));
        response.EnsureSuccessStatusCode();
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    private static async Task<string> PostPledgeAsync(HttpClient donor, string amount, string currency, string country, int year)
    {
        var response = await donor.PostAsync("api/v1/pledges", Json.Body($$"""
            {"title":"In-kind support {{year}}","amount":{"amount":"{{amount}}","currency":"{{currency}}"},"instrument":"in-kind",
             "countries":["{{country}}"],"sectors":["local-governance"],"availableFrom":"{{year}}-01-01","availableUntil":"{{year}}-12-31"}
            """));
        response.EnsureSuccessStatusCode();
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }
}
