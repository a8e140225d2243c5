using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Reliability.Tests.Support;
using Marketplace.TestSupport;

namespace Marketplace.Reliability.Tests;

/// <summary>
/// The flows service is killed (kill -9) between approvals and their flows: the approvals wait in its
/// durable queue, and after the restart every approved match has exactly one flow.
/// </summary>
[Collection(SharedBrokerCollection.Name)]
public sealed class FlowsCrashTests(SharedBrokerFixture fixture)
{
    [Fact]
    public async Task KillFlows_BetweenApprovalAndFlow_EveryApprovalGetsOneFlowAfterRestart()
    {
        var system = fixture.System;
        var state = await system.ClientAsync("state-cr");
        var donor = await system.ClientAsync("donor-ca");
        var secretariat = await system.ClientAsync("secretariat");
        var pairs = new List<(string Need, string Pledge)>();
        for (var i = 0; i < 3; i++)
        {
            pairs.Add((await state.PostNeedAsync("CR", "5000.00", sector: "reception-shelter", title: $"Flow crash need {i}"),
                await donor.PostPledgeAsync("4000.00", "[\"CR\"]", "[\"reception-shelter\"]", $"Flow crash pledge {i}")));
        }
        // The engine may split the three pledges over the three needs in any optimal way; wait until all their
        // money is proposed (12,000 of the 15,000 requested), then approve every one of those proposals.
        var needs = pairs.Select(p => p.Need).ToList();
        var proposed = await Eventually.GetAsync(async () =>
            {
                var all = new JsonArray();
                foreach (var need in needs) foreach (var m in await secretariat.MatchesAsync($"status=proposed&needId={need}")) all.Add(m!.DeepClone());
                return all;
            },
            all => all.Sum(m => decimal.Parse(m!["amount"]!["amount"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)) == 12000m,
            TimeSpan.FromSeconds(30), "the three pledges proposed to the three needs");
        var proposals = proposed.Select(m => (Id: m!["id"]!.GetValue<string>(), Need: m["needId"]!.GetValue<string>())).ToList();

        system.Kill("flows");
        foreach (var (id, _) in proposals)
        {
            Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"api/v1/matches/{id}/approve", null)).StatusCode);
        }
        system.Start("flows");
        await system.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        foreach (var (id, need) in proposals)
        {
            var page = await Eventually.GetAsync(() => secretariat.GetObjectAsync($"api/v1/flows?needId={need}"),
                p => p["items"]!.AsArray().Any(f => f!["matchId"]!.GetValue<string>() == id), TimeSpan.FromSeconds(30), $"the flow of {id}");
            var flow = Assert.Single(page["items"]!.AsArray(), f => f!["matchId"]!.GetValue<string>() == id)!;
            Assert.Equal("approved", flow["status"]!.GetValue<string>());
        }
    }
}
