using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The MIRPS Fund end to end (API.md "MIRPS Fund"): a need that no bilateral pledge can fund is referred by itself
/// after the referral period (the needs service's referral clock is moved on its internal port, never waited for),
/// gets a Fund proposal, the fund manager approves it, and the Fund's availableUsd falls by exactly that amount.
/// The Fund pledge and the needs use an instrument no other test's pledge offers, so nothing else can reach them.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class MirpsFundTests(SystemFixture fixture)
{
    private readonly MarketplaceProcesses _system = fixture.System;

    private static async Task<string> PostTechnicalAssistanceNeedAsync(HttpClient state, string amount)
    {
        var response = await state.PostAsync("api/v1/needs", Json.Body($$"""
            {"country":"PA","title":"E2E statistical registry support","sector":"employment-livelihoods","amount":{"amount":"{{amount}}","currency":"USD"},
             "instruments":["technical-assistance"],"priority":"high"}
            """));
        response.EnsureSuccessStatusCode();
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    private async Task SetReferralClockAsync(int offsetDays)
    {
        using var control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_system.InternalPortOf("needs")}/") };
        var response = await control.PostAsync($"testing/referral-clock?offsetDays={offsetDays}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static decimal Usd(JsonObject fund, string field) => decimal.Parse(fund[field]!.GetValue<string>(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task UnfundableNeed_IsReferredAfterThePeriod_GetsAFundProposal_TheFundManagerApproves_AvailableFallsByThatAmount()
    {
        var fundManager = await _system.ClientAsync("fund-manager");
        var state = await _system.ClientAsync("state-pa");
        var chair = await _system.ClientAsync("chair");
        var donor = await _system.ClientAsync("donor-es");
        var secretariat = await _system.ClientAsync("secretariat");

        var named = await fundManager.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"MIRPS Fund","donor":"MIRPS-FUND","amount":{"amount":"100000.00","currency":"USD"},"instrument":"technical-assistance","countries":["PA"],"sectors":[]}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, named.StatusCode);
        var pledge = await fundManager.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"MIRPS Fund pool (E2E)","amount":{"amount":"100000.00","currency":"USD"},"instrument":"technical-assistance","countries":["PA"],"sectors":["employment-livelihoods"]}
            """));
        Assert.Equal(HttpStatusCode.Created, pledge.StatusCode);
        Assert.Equal("MIRPS-FUND", (await pledge.ReadObjectAsync())["donor"]!.GetValue<string>());
        var needId = await PostTechnicalAssistanceNeedAsync(state, "25000.00");
        await secretariat.PostAsync("api/v1/matching/runs", null);
        Assert.Empty((await secretariat.GetObjectAsync($"api/v1/matches?needId={needId}"))["items"]!.AsArray());
        Assert.Null((await state.GetObjectAsync($"api/v1/needs/{needId}"))["referral"]);

        JsonObject referred;
        try
        {
            await SetReferralClockAsync(31);
            referred = await Eventually.GetAsync(() => state.GetObjectAsync($"api/v1/needs/{needId}"), n => n["referral"] is JsonObject,
                TimeSpan.FromSeconds(30), "the need to be referred automatically");
        }
        finally
        {
            await SetReferralClockAsync(0);
        }
        Assert.Equal("system", referred["referral"]!["by"]!.GetValue<string>());

        var proposal = (await secretariat.ProposalsAsync($"needId={needId}", 1)).Single()!;
        Assert.Equal("MIRPS-FUND", proposal["donor"]!.GetValue<string>());
        Assert.Equal("25000.00", proposal.Amount("amount"));
        var before = await fundManager.GetObjectAsync("api/v1/fund");

        var byChair = await chair.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null);
        var byDonor = await donor.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null);
        var byChairReject = await chair.PostAsync($"api/v1/matches/{proposal["id"]}/reject", Json.Body("""{"reason":"Not the chair's to decide."}"""));
        var approved = await fundManager.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null);
        var again = await fundManager.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [byChair.StatusCode, byDonor.StatusCode, byChairReject.StatusCode]);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var after = await Eventually.GetAsync(() => fundManager.GetObjectAsync("api/v1/fund"),
            f => Usd(f, "approvedUsd") > Usd(before, "approvedUsd"), TimeSpan.FromSeconds(10), "the Fund's approval to show");
        Assert.Equal(Usd(before, "availableUsd") - 25000m, Usd(after, "availableUsd"));
        Assert.Equal(Usd(before, "poolUsd"), Usd(after, "poolUsd"));
        Assert.Equal(Usd(before, "approvedUsd") + 25000m, Usd(after, "approvedUsd"));
        var need = await state.GetObjectAsync($"api/v1/needs/{needId}");
        Assert.Equal("funded", need["status"]!.GetValue<string>());
        Assert.Null(need["referral"]);
        var refused = await state.PostAsync($"api/v1/needs/{needId}/refer", Json.Body("""{"reason":"Funded already."}"""));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task Refer_AnotherCountrysNeed_Returns403_AndReferringTwiceReturns409()
    {
        var state = await _system.ClientAsync("state-pa");
        var otherState = await _system.ClientAsync("state-gt");
        var needId = await PostTechnicalAssistanceNeedAsync(state, "9000.00");
        var reason = """{"reason":"No bilateral pledge offers technical assistance for this registry."}""";

        var byOtherState = await otherState.PostAsync($"api/v1/needs/{needId}/refer", Json.Body(reason));
        var byOwnState = await state.PostAsync($"api/v1/needs/{needId}/refer", Json.Body(reason));
        var twice = await state.PostAsync($"api/v1/needs/{needId}/refer", Json.Body(reason));
        var emptyReason = await state.PostAsync($"api/v1/needs/{needId}/refer", Json.Body("""{"reason":""}"""));

        Assert.Equal(HttpStatusCode.Forbidden, byOtherState.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byOwnState.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, emptyReason.StatusCode);
        var audit = await state.GetObjectAsync($"api/v1/audit?entityId={needId}");
        Assert.Single(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "need.referred");
    }
}
