using System.Net;
using System.Net.Http.Headers;
using Marketplace.TestSupport;

namespace Marketplace.Pledges.IntegrationTests;

// MIRPS Fund pledges (API.md "Pledges", "MIRPS Fund"): posted and edited by the fund manager, donor MIRPS-FUND from the token.
public sealed class FundPledgesApiTests(PledgesApiFactory factory) : IClassFixture<PledgesApiFactory>
{
    private HttpClient FundManager => factory.ClientAs("fund-manager", "MIRPS-FUND");

    private async Task<string> PostFundPledgeAsync()
    {
        var response = await FundManager.PostAsync("/api/v1/pledges", Json.Body(PledgeBodies.Valid(amount: "3000000.00", currency: "USD", countries: [], sectors: [])));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var pledge = await response.ReadObjectAsync();
        Assert.Equal("MIRPS-FUND", pledge["donor"]!.GetValue<string>());
        return pledge["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Post_ByTheFundManager_IsAFundPledge_ListedByDonorMirpsFund()
    {
        var id = await PostFundPledgeAsync();
        await factory.ClientAs("donor", "ES").PostAsync("/api/v1/pledges", Json.Body(PledgeBodies.Valid()));

        var list = await (await factory.ClientAs("state", "GT").GetAsync("/api/v1/pledges?donor=MIRPS-FUND&pageSize=200")).ReadObjectAsync();

        Assert.Contains(list["items"]!.AsArray(), p => p!["id"]!.GetValue<string>() == id);
        Assert.All(list["items"]!.AsArray(), p => Assert.Equal("MIRPS-FUND", p!["donor"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("MIRPS-FUND")]
    [InlineData("ES")]
    public async Task Post_NamingTheDonorInTheBody_Returns400(string donor)
    {
        var body = PledgeBodies.Valid();
        body["donor"] = donor;

        var response = await FundManager.PostAsync("/api/v1/pledges", Json.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ReadObjectAsync())["errors"]!.AsObject().ContainsKey("donor"));
    }

    [Theory]
    [InlineData("fund-manager", "ES")]
    [InlineData("state", "GT")]
    [InlineData("chair", "ES")]
    [InlineData("secretariat", "UNHCR-OAS")]
    public async Task Post_ByAFundManagerOfAnotherOrgOrAnyoneWhoPostsNoPledges_Returns403(string role, string org)
    {
        var response = await factory.ClientAs(role, org).PostAsync("/api/v1/pledges", Json.Body(PledgeBodies.Valid()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Edit_AFundPledge_OnlyTheFundManagerMay()
    {
        var id = await PostFundPledgeAsync();
        StringContent Patch()
        {
            var content = Json.Body("""{"title":"MIRPS Fund pool 2027"}""", "application/merge-patch+json");
            return content;
        }
        var byDonor = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/pledges/{id}") { Content = Patch() };
        byDonor.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var byFund = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/pledges/{id}") { Content = Patch() };
        byFund.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));

        var donorResponse = await factory.ClientAs("donor", "ES").SendAsync(byDonor);
        var fundResponse = await FundManager.SendAsync(byFund);

        Assert.Equal(HttpStatusCode.Forbidden, donorResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fundResponse.StatusCode);
    }

    [Fact]
    public async Task List_ByAnUnknownDonor_Returns400()
    {
        var response = await factory.ClientAs("state", "GT").GetAsync("/api/v1/pledges?donor=MIRPS");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
