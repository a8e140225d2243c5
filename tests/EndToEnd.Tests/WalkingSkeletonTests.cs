using System.Net;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class WalkingSkeletonTests(SystemFixture fixture)
{
    private readonly MarketplaceProcesses _system = fixture.System;

    [Fact]
    public async Task PostNeedAndPledge_ThroughGateway_ProposalAppearsWithinDeadline()
    {
        var state = await _system.ClientAsync("state-hn");
        var donor = await _system.ClientAsync("donor-ch");
        var need = await (await state.PostAsync("api/v1/needs", Json.Body("""
            {"country":"HN","title":"E2E: shelters in San Pedro Sula","sector":"reception-shelter",
             "amount":{"amount":"300000.00","currency":"USD"},"instruments":["grant"],"priority":"critical"}
            """))).ReadObjectAsync();
        var pledge = await (await donor.PostAsync("api/v1/pledges", Json.Body("""
            {"title":"E2E: Swiss shelter grant","amount":{"amount":"100000.00","currency":"CHF"},"instrument":"grant",
             "countries":["HN"],"sectors":["reception-shelter"]}
            """))).ReadObjectAsync();
        var needId = need["id"]!.GetValue<string>();
        var pledgeId = pledge["id"]!.GetValue<string>();

        var matches = await Eventually.GetAsync(
            async () => await (await state.GetAsync($"api/v1/matches?needId={needId}&status=proposed")).ReadObjectAsync(),
            page => page["items"]!.AsArray().Count > 0, TimeSpan.FromSeconds(20), "a proposal for the new need");

        var match = matches["items"]!.AsArray().Single()!;
        Assert.Equal(pledgeId, match["pledgeId"]!.GetValue<string>());
        Assert.Equal("100000.00", match["amount"]!["amount"]!.GetValue<string>());
        Assert.Equal("CHF", match["amount"]!["currency"]!.GetValue<string>());
        Assert.Equal("113200.00", match["needAmount"]!["amount"]!.GetValue<string>());
        Assert.Contains(match["reasons"]!.AsArray(), r => r!.GetValue<string>().Contains("reception-shelter"));
    }

    [Fact]
    public async Task Health_OfGatewayAndReference_AreServedWithoutToken()
    {
        using var anonymous = new HttpClient { BaseAddress = _system.Gateway };

        var live = await anonymous.GetAsync("health/live");
        var ready = await anonymous.GetAsync("health/ready");
        var reference = await anonymous.GetAsync("api/v1/reference");
        var needs = await anonymous.GetAsync("api/v1/needs");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal(9, (await reference.ReadObjectAsync())["sectors"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Unauthorized, needs.StatusCode);
    }
}
