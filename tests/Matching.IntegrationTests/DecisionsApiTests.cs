using System.Net;
using System.Net.Http.Headers;
using MassTransit.Testing;
using Marketplace.Matching.Chair;
using Marketplace.Needs.Contracts;
using Marketplace.Pledges.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>
/// "Who decides which proposal": the chair only in the term in force at the time of the decision, never where
/// its organisation is a party, never the Fund's proposals; the fund manager only the Fund's; the secretariat any.
/// Allowed decisions are rejections here (an approval would call the needs and pledges services).
/// </summary>
public sealed class DecisionsApiTests : IClassFixture<DecisionsApiFactory>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private readonly DecisionsApiFactory _factory;

    public DecisionsApiTests(DecisionsApiFactory factory)
    {
        _factory = factory;
        _factory.ChairTerms.Unavailable = false;
        _factory.ChairTerms.Term = new ChairTerm("ES", Today.AddDays(-30), Today.AddDays(30));
    }

    private ITestHarness Harness => _factory.Services.GetRequiredService<ITestHarness>();

    /// <summary>A fresh proposal for a need of <paramref name="country"/> and a pledge of <paramref name="donor"/>, each test on its own country and sector.</summary>
    private async Task<string> ProposalAsync(string country, string sector, string donor)
    {
        var needId = Snapshots.NewId("need");
        // The Fund's pledges are proposed to referred needs only.
        await Harness.Bus.Publish(new NeedPublished(Snapshots.Need(needId, country: country, sector: sector, amount: 1000m, referred: donor == "MIRPS-FUND")));
        await Harness.Bus.Publish(new PledgePosted(Snapshots.Pledge(Snapshots.NewId("pledge"), amount: 1000m, countries: [country], sectors: [sector], donor: donor)));
        var page = await Eventually.GetAsync(
            async () => await (await _factory.ClientAs("secretariat", "UNHCR-OAS").GetAsync($"/api/v1/matches?needId={needId}&status=proposed")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15), "a proposal");
        return page["items"]!.AsArray()[0]!["id"]!.GetValue<string>();
    }

    private static Task<HttpResponseMessage> RejectAsync(HttpClient client, string matchId) =>
        client.PostAsync($"/api/v1/matches/{matchId}/reject", Json.Body("""{"reason":"Not this round."}"""));

    [Fact]
    public async Task Reject_ByChairInTermNotAParty_Returns200_AndTheAuditNamesThePerson()
    {
        var matchId = await ProposalAsync("GT", "health", "EU");
        var chair = _factory.CreateClient();
        chair.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Create("chair", "ES", subject: "person_0193a", name: "Lucía Delegada"));

        using var response = await RejectAsync(chair, matchId);
        var audit = (await (await chair.GetAsync($"/api/v1/audit?entityId={matchId}")).ReadObjectAsync())["items"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(audit)!;
        Assert.Equal(("person_0193a", "Lucía Delegada", "ES", "match.rejected"),
            (entry["actor"]!.GetValue<string>(), entry["actorName"]!.GetValue<string>(), entry["org"]!.GetValue<string>(), entry["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Decide_ByChairAfterItsTermEnded_Returns403_ButItMayStillRead()
    {
        var matchId = await ProposalAsync("HN", "health", "EU");
        _factory.ChairTerms.Term = new ChairTerm("ES", Today.AddDays(-60), Today.AddDays(-1));
        var chair = _factory.ClientAs("chair", "ES");

        using var approve = await chair.PostAsync($"/api/v1/matches/{matchId}/approve", null);
        using var reject = await RejectAsync(chair, matchId);
        using var read = await chair.GetAsync($"/api/v1/matches/{matchId}");

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.Contains("chair term", (await reject.ReadObjectAsync())["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("proposed", (await read.ReadObjectAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Decide_ByChairBeforeItsTermOrOfAnotherMember_Returns403()
    {
        var matchId = await ProposalAsync("PA", "health", "EU");

        _factory.ChairTerms.Term = new ChairTerm("ES", Today.AddDays(1), null);
        using var beforeTerm = await RejectAsync(_factory.ClientAs("chair", "ES"), matchId);
        _factory.ChairTerms.Term = new ChairTerm("CA", Today.AddDays(-1), null);
        using var otherMember = await RejectAsync(_factory.ClientAs("chair", "ES"), matchId);
        _factory.ChairTerms.Term = null;
        using var noTerm = await RejectAsync(_factory.ClientAs("chair", "ES"), matchId);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [beforeTerm.StatusCode, otherMember.StatusCode, noTerm.StatusCode]);
    }

    [Fact]
    public async Task Decide_ByChairOnTheLastDayOfItsTerm_IsAllowed()
    {
        var matchId = await ProposalAsync("MX", "health", "EU");
        _factory.ChairTerms.Term = new ChairTerm("ES", Today.AddDays(-10), Today);

        using var response = await RejectAsync(_factory.ClientAs("chair", "ES"), matchId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Decide_ByChairWhoseOrganisationIsThePledgesDonor_IsRecused_SecretariatDecides()
    {
        var matchId = await ProposalAsync("CR", "health", "ES");
        var chair = _factory.ClientAs("chair", "ES");

        using var approve = await chair.PostAsync($"/api/v1/matches/{matchId}/approve", null);
        using var reject = await RejectAsync(chair, matchId);
        using var bySecretariat = await RejectAsync(_factory.ClientAs("secretariat", "UNHCR-OAS"), matchId);

        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.Contains("secretariat decides", (await reject.ReadObjectAsync())["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, bySecretariat.StatusCode);
    }

    [Fact]
    public async Task Decide_ByChairWhoseOrganisationIsTheNeedsCountry_IsRecused()
    {
        // The rule is written for either side; today no donor member is also a MIRPS state, so the term is forged here.
        var matchId = await ProposalAsync("BZ", "health", "EU");
        _factory.ChairTerms.Term = new ChairTerm("BZ", Today.AddDays(-1), null);

        using var reject = await RejectAsync(_factory.ClientAs("chair", "BZ"), matchId);

        Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
        Assert.Contains("secretariat decides", (await reject.ReadObjectAsync())["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task FundProposal_IsDecidedByTheFundManagerOrTheSecretariat_NotTheChair()
    {
        var matchId = await ProposalAsync("SV", "health", "MIRPS-FUND");

        using var byChair = await RejectAsync(_factory.ClientAs("chair", "ES"), matchId);
        using var byFundManager = await RejectAsync(_factory.ClientAs("fund-manager", "MIRPS-FUND"), matchId);

        Assert.Equal(HttpStatusCode.Forbidden, byChair.StatusCode);
        Assert.Contains("MIRPS Fund", (await byChair.ReadObjectAsync())["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, byFundManager.StatusCode);
    }

    [Fact]
    public async Task DonorProposal_ByTheFundManager_Returns403_AndStatesOrDonorsMayNotDecide()
    {
        var matchId = await ProposalAsync("GT", "education", "EU");

        using var byFundManager = await RejectAsync(_factory.ClientAs("fund-manager", "MIRPS-FUND"), matchId);
        using var byDonor = await RejectAsync(_factory.ClientAs("donor", "EU"), matchId);
        using var byState = await RejectAsync(_factory.ClientAs("state", "GT"), matchId);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
            [byFundManager.StatusCode, byDonor.StatusCode, byState.StatusCode]);
    }

    [Fact]
    public async Task ChairDecision_WhileTheTermCannotBeRead_Returns503_SecretariatIsNotBlocked()
    {
        var matchId = await ProposalAsync("HN", "education", "EU");
        _factory.ChairTerms.Unavailable = true;

        using var byChair = await RejectAsync(_factory.ClientAs("chair", "ES"), matchId);
        using var bySecretariat = await RejectAsync(_factory.ClientAs("secretariat", "UNHCR-OAS"), matchId);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, byChair.StatusCode);
        Assert.True(byChair.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, bySecretariat.StatusCode);
    }
}
