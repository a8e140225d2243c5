using System.Net;
using System.Text.Json.Nodes;
using MassTransit.Testing;
using Marketplace.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Persistence;
using Marketplace.ServiceKit.Persistence;
using Marketplace.ServiceKit.Security;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Needs.IntegrationTests;

// POST /api/v1/needs/{id}/refer (API.md "MIRPS Fund"): who may refer which need, and when it cannot be referred.
public sealed class NeedReferralApiTests(NeedsApiFactory factory) : IClassFixture<NeedsApiFactory>
{
    private static StringContent Reason(string reason = "No bilateral pledge accepts in-kind support here.") =>
        Json.Body(new JsonObject { ["reason"] = reason });

    private async Task<string> PublishAsync(string country = "GT")
    {
        var response = await factory.ClientAs("state", country).PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid(country)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Refer_ByTheNeedsOwnState_Returns200WithTheReferral_AuditsItAndPublishesNeedReferred()
    {
        var id = await PublishAsync("GT");

        var response = await factory.ClientAs("state", "GT").PostAsync($"/api/v1/needs/{id}/refer", Reason());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var need = await response.ReadObjectAsync();
        Assert.Equal("No bilateral pledge accepts in-kind support here.", need["referral"]!["reason"]!.GetValue<string>());
        Assert.Equal("state-gt", need["referral"]!["by"]!.GetValue<string>());
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
        var read = await (await factory.ClientAs("donor", "ES").GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync();
        Assert.Equal(need["referral"]!.ToJsonString(), read["referral"]!.ToJsonString());
        var audit = await (await factory.ClientAs("secretariat", "UNHCR-OAS").GetAsync($"/api/v1/audit?entityId={id}")).ReadObjectAsync();
        Assert.Contains(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "need.referred");
        var harness = factory.Services.GetRequiredService<ITestHarness>();
        Assert.True(await Eventually.GetAsync(() => harness.Published.Any<NeedReferred>(m => m.Context.Message.Need.Id == id && m.Context.Message.Need.Referral != null),
            found => found, TimeSpan.FromSeconds(10), "NeedReferred to be published"));
    }

    [Fact]
    public async Task Refer_ByTheSecretariat_Returns200()
    {
        var id = await PublishAsync("HN");

        var response = await factory.ClientAs("secretariat", "UNHCR-OAS").PostAsync($"/api/v1/needs/{id}/refer", Reason());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("state", "HN")]
    [InlineData("donor", "ES")]
    [InlineData("chair", "ES")]
    [InlineData("fund-manager", "MIRPS-FUND")]
    public async Task Refer_ByAnotherCountrysStateOrAnyoneElse_Returns403AndLeavesTheNeedAlone(string role, string org)
    {
        var id = await PublishAsync("GT");

        var response = await factory.ClientAs(role, org).PostAsync($"/api/v1/needs/{id}/refer", Reason());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var need = await (await factory.ClientAs("state", "GT").GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync();
        Assert.Null(need["referral"]);
        Assert.Equal(1, need["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Refer_AlreadyReferred_Returns409()
    {
        var id = await PublishAsync();
        var client = factory.ClientAs("state", "GT");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/needs/{id}/refer", Reason())).StatusCode);

        var again = await client.PostAsync($"/api/v1/needs/{id}/refer", Reason("Again."));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already referred", (await again.ReadObjectAsync())["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refer_Withdrawn_Returns409_AndWithdrawingAReferredNeedRemovesItsReferral()
    {
        var client = factory.ClientAs("state", "GT");
        var withdrawnFirst = await PublishAsync();
        await client.PostAsync($"/api/v1/needs/{withdrawnFirst}/withdraw", null);
        var referredFirst = await PublishAsync();
        await client.PostAsync($"/api/v1/needs/{referredFirst}/refer", Reason());

        var refer = await client.PostAsync($"/api/v1/needs/{withdrawnFirst}/refer", Reason());
        var withdraw = await client.PostAsync($"/api/v1/needs/{referredFirst}/withdraw", null);

        Assert.Equal(HttpStatusCode.Conflict, refer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Null((await withdraw.ReadObjectAsync())["referral"]);
    }

    [Fact]
    public async Task Refer_Funded_Returns409()
    {
        var id = await PublishAsync();
        var store = factory.Services.GetRequiredService<INeedStore>();
        var result = await store.CommitFundingAsync("match_referral_funded", id, Money.FromDecimal(2_500_000m, "USD"),
            new Caller("sec", "Secretariat", Roles.Secretariat, "UNHCR-OAS"), CancellationToken.None);
        Assert.Equal(CommitmentResult.Applied, result);

        var response = await factory.ClientAs("state", "GT").PostAsync($"/api/v1/needs/{id}/refer", Reason());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("funded", (await response.ReadObjectAsync())["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refer_WithAnEmptyReasonAndAnUnknownField_Returns400ListingBoth()
    {
        var id = await PublishAsync();

        var response = await factory.ClientAs("state", "GT").PostAsync($"/api/v1/needs/{id}/refer",
            Json.Body(new JsonObject { ["reason"] = " ", ["by"] = "system" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["by", "reason"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Refer_UnknownNeed_Returns404()
    {
        var response = await factory.ClientAs("state", "GT").PostAsync("/api/v1/needs/need_nope/refer", Reason());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Create_NamingReferral_Returns400AsAServerOwnedField()
    {
        var body = NeedBodies.Valid();
        body["referral"] = new JsonObject { ["reason"] = "x" };

        var response = await factory.ClientAs("state", "GT").PostAsync("/api/v1/needs", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadObjectAsync())["errors"]!.AsObject().ContainsKey("referral"));
    }
}
