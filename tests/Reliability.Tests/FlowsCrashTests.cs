using System.Net;
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
        var proposals = new List<string>();
        foreach (var (need, pledge) in pairs)
        {
            var found = await Eventually.GetAsync(() => secretariat.MatchesAsync($"status=proposed&needId={need}&pledgeId={pledge}"),
                m => m.Count == 1, TimeSpan.FromSeconds(30), $"the proposal of {need}");
            proposals.Add(found[0]!["id"]!.GetValue<string>());
        }

        system.Kill("flows");
        foreach (var id in proposals)
        {
            Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"api/v1/matches/{id}/approve", null)).StatusCode);
        }
        system.Start("flows");
        await system.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));

        foreach (var (id, (need, _)) in proposals.Zip(pairs))
        {
            var page = await Eventually.GetAsync(() => secretariat.GetObjectAsync($"api/v1/flows?needId={need}"),
                p => p["items"]!.AsArray().Count > 0, TimeSpan.FromSeconds(30), $"the flow of {id}");
            var flow = page["items"]!.AsArray().Single()!;
            Assert.Equal((id, "approved"), (flow["matchId"]!.GetValue<string>(), flow["status"]!.GetValue<string>()));
        }
    }
}
