using System.Net;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

[Collection(SystemCollection.Name)]
public sealed class ApprovalTests(SystemFixture fixture)
{
    private readonly MarketplaceProcesses _system = fixture.System;

    [Fact]
    public async Task Approve_ThroughGateway_RaisesAllocatedAndFundedAndCoverage()
    {
        var state = await _system.ClientAsync("state-bz");
        var donor = await _system.ClientAsync("donor-eclac");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await state.PostNeedAsync("BZ", "40000.00", "BZD", sector: "statistical-inclusion");
        var pledgeId = await donor.PostPledgeAsync("10000.00", "USD", "[\"BZ\"]", "[\"statistical-inclusion\"]");
        var proposal = (await secretariat.ProposalsAsync($"needId={needId}", 1)).Single()!;
        var before = await secretariat.GetObjectAsync("api/v1/summary");

        var response = await secretariat.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var approved = await response.ReadObjectAsync();
        Assert.Equal("approved", approved["status"]!.GetValue<string>());
        Assert.Equal("secretariat", approved["decidedBy"]!.GetValue<string>());
        Assert.Equal("10000.00", approved.Amount("amount"));
        Assert.Equal("20000.00", approved.Amount("needAmount"));
        var pledge = await secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}");
        Assert.Equal("10000.00", pledge.Amount("allocated"));
        Assert.Equal("fully-allocated", pledge["status"]!.GetValue<string>());
        var need = await secretariat.GetObjectAsync($"api/v1/needs/{needId}");
        Assert.Equal("20000.00", need.Amount("funded"));
        Assert.Equal("partially-funded", need["status"]!.GetValue<string>());
        var after = await Eventually.GetAsync(() => secretariat.GetObjectAsync("api/v1/summary"),
            s => decimal.Parse(s["totals"]!["approvedUsd"]!.GetValue<string>()) >= decimal.Parse(before["totals"]!["approvedUsd"]!.GetValue<string>()) + 10000m,
            TimeSpan.FromSeconds(10), "approved coverage to rise");
        Assert.NotNull(after);
        var audit = await secretariat.GetObjectAsync($"api/v1/audit?entityId={pledgeId}");
        Assert.Contains(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "pledge.allocation-committed");
    }

    [Fact]
    public async Task Approve_SameMatchTenTimesInParallel_CountsOnce()
    {
        var state = await _system.ClientAsync("state-cr");
        var donor = await _system.ClientAsync("donor-uy");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await state.PostNeedAsync("CR", "5000.00", sector: "statistical-inclusion");
        var pledgeId = await donor.PostPledgeAsync("5000.00", "USD", "[\"CR\"]", "[\"statistical-inclusion\"]");
        var proposal = (await secretariat.ProposalsAsync($"needId={needId}", 1)).Single()!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => secretariat.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal("5000.00", (await secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}")).Amount("allocated"));
        Assert.Equal("5000.00", (await secretariat.GetObjectAsync($"api/v1/needs/{needId}")).Amount("funded"));
    }

    [Fact]
    public async Task Approve_FiftyInParallelBeyondPledge_NeverOverAllocates()
    {
        var donor = await _system.ClientAsync("donor-br");
        var secretariat = await _system.ClientAsync("secretariat");
        var state = await _system.ClientAsync("state-mx");
        var pledgeId = await donor.PostPledgeAsync("1000000.00", "USD", "[\"MX\"]", "[\"local-governance\"]");
        for (var i = 0; i < 50; i++) await state.PostNeedAsync("MX", "20000.00", sector: "local-governance", title: $"E2E fifty {i}");
        var proposals = await secretariat.ProposalsAsync($"pledgeId={pledgeId}", 50, TimeSpan.FromSeconds(60));
        Assert.Equal(50, proposals.Count);

        // The donor halves the pledge; the proposals now exceed it until the next round supersedes them.
        var current = await donor.GetAsync($"api/v1/pledges/{pledgeId}");
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"api/v1/pledges/{pledgeId}") { Content = Json.Body("{\"amount\":{\"amount\":\"500000.00\",\"currency\":\"USD\"}}") };
        patch.Headers.IfMatch.Add(current.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await donor.SendAsync(patch)).StatusCode);
        var responses = await Task.WhenAll(proposals.Select(p => secretariat.PostAsync($"api/v1/matches/{p!["id"]}/approve", null)));

        var approved = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var pledge = await secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}");
        Assert.Equal(approved * 20000m, decimal.Parse(pledge.Amount("allocated")));
        Assert.True(decimal.Parse(pledge.Amount("allocated")) <= 500000m);
        Assert.Equal(25, approved);
        Assert.Equal("fully-allocated", pledge["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Decisions_OnDecidedOrSupersededMatches_Return409()
    {
        var state = await _system.ClientAsync("state-pa");
        var donor = await _system.ClientAsync("donor-co");
        var secretariat = await _system.ClientAsync("secretariat");
        var needA = await state.PostNeedAsync("PA", "1000.00", sector: "education");
        var needB = await state.PostNeedAsync("PA", "1000.00", sector: "health");
        await donor.PostPledgeAsync("2000.00", "USD", "[\"PA\"]", "[\"education\",\"health\"]");
        var a = (await secretariat.ProposalsAsync($"needId={needA}", 1)).Single()!["id"]!.GetValue<string>();
        var b = (await secretariat.ProposalsAsync($"needId={needB}", 1)).Single()!["id"]!.GetValue<string>();

        var reject = await secretariat.PostAsync($"api/v1/matches/{a}/reject", Json.Body("{\"reason\":\"Duplicate of a bilateral agreement\"}"));
        var approveAfterReject = await secretariat.PostAsync($"api/v1/matches/{a}/approve", null);
        var approve = await secretariat.PostAsync($"api/v1/matches/{b}/approve", null);
        var rejectAfterApprove = await secretariat.PostAsync($"api/v1/matches/{b}/reject", Json.Body("{\"reason\":\"Changed our mind\"}"));
        await state.PostAsync($"api/v1/needs/{needA}/withdraw", null);
        var rejected = await secretariat.GetObjectAsync($"api/v1/matches/{a}");

        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        Assert.Equal("Duplicate of a bilateral agreement", rejected["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, approveAfterReject.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, rejectAfterApprove.StatusCode);
    }

    [Fact]
    public async Task Approve_SupersededMatch_Returns409()
    {
        var state = await _system.ClientAsync("state-gt");
        var donor = await _system.ClientAsync("donor-fr");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await state.PostNeedAsync("GT", "3000.00", sector: "employment-livelihoods");
        await donor.PostPledgeAsync("3000.00", "USD", "[\"GT\"]", "[\"employment-livelihoods\"]");
        var proposal = (await secretariat.ProposalsAsync($"needId={needId}", 1)).Single()!["id"]!.GetValue<string>();

        await state.PostAsync($"api/v1/needs/{needId}/withdraw", null);
        await Eventually.GetAsync(() => secretariat.GetObjectAsync($"api/v1/matches/{proposal}"),
            m => m["status"]!.GetValue<string>() == "superseded", TimeSpan.FromSeconds(15), "the proposal to be superseded");
        var response = await secretariat.PostAsync($"api/v1/matches/{proposal}/approve", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Approve_ByChairOfItsOwnOrganisationsPledge_IsRecused_SecretariatMay()
    {
        var state = await _system.ClientAsync("state-sv");
        var donor = await _system.ClientAsync("donor-es");
        var chair = await _system.ClientAsync("chair");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await state.PostNeedAsync("SV", "7000.00", sector: "social-protection");
        await donor.PostPledgeAsync("7000.00", "USD", "[\"SV\"]", "[\"social-protection\"]");
        var proposal = (await chair.ProposalsAsync($"needId={needId}", 1)).Single()!["id"]!.GetValue<string>();

        var byChair = await chair.PostAsync($"api/v1/matches/{proposal}/approve", null);
        var rejectByChair = await chair.PostAsync($"api/v1/matches/{proposal}/reject", Json.Body("{\"reason\":\"x\"}"));
        var bySecretariat = await secretariat.PostAsync($"api/v1/matches/{proposal}/approve", null);

        Assert.Equal(HttpStatusCode.Forbidden, byChair.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rejectByChair.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySecretariat.StatusCode);
    }
}
