using System.Net;
using Marketplace.Identity.IntegrationTests.Support;
using Marketplace.TestSupport;

namespace Marketplace.Identity.IntegrationTests;

public sealed class ChairApiTests : IDisposable
{
    private readonly Support.TemporaryDirectory _data = new();
    private readonly IdentityApplicationFactory _factory;

    public ChairApiTests() => _factory = new IdentityApplicationFactory(_data.Path);

    [Fact]
    public async Task Get_InDemoMode_ReturnsTheIllustrativeSpanishTerm()
    {
        using var http = await _factory.AsAsync("donor-us");

        var chair = await (await http.GetAsync("/api/v1/chair")).ReadObjectAsync();

        Assert.Equal("ES", chair["org"]!.GetValue<string>());
        Assert.Equal("2026-01-01", chair["from"]!.GetValue<string>());
        Assert.Null(chair["until"]);
        Assert.True(chair["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_WhenNoTermWasEverSet_ReturnsNullOrgInactive()
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Production", new Dictionary<string, string?>
        {
            ["Identity:AllowGeneratedSigningKey"] = "true",
            ["Identity:Clients:0:ClientId"] = "un-reader",
            ["Identity:Clients:0:Secret"] = "a-long-configured-secret",
            ["Identity:Clients:0:Role"] = "secretariat",
            ["Identity:Clients:0:Org"] = "UNHCR-OAS",
        });
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenClient.GetAccessTokenAsync(http, "un-reader", "a-long-configured-secret"));

        using var response = await http.GetAsync("/api/v1/chair");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"org":null,"active":false}""", body);
    }

    [Fact]
    public async Task Put_BySecretariat_SetsTheTermAndAuditsTheChange()
    {
        using var secretariat = await _factory.AsAsync("secretariat");

        using var response = await secretariat.PutAsync("/api/v1/chair", Json.Body("""{"org":"CA","from":"2020-01-01","until":"2020-12-31"}"""));
        var read = await (await secretariat.GetAsync("/api/v1/chair")).ReadObjectAsync();
        var audit = (await (await secretariat.GetAsync("/api/v1/audit?entityId=chair")).ReadObjectAsync())["items"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CA", read["org"]!.GetValue<string>());
        Assert.Equal("2020-12-31", read["until"]!.GetValue<string>());
        Assert.False(read["active"]!.GetValue<bool>());
        Assert.Equal(2, audit.Count);
        Assert.Equal("system", audit[0]!["actor"]!.GetValue<string>());
        var change = audit[1]!;
        Assert.Equal("chair.term-set", change["action"]!.GetValue<string>());
        Assert.Equal("secretariat", change["actor"]!.GetValue<string>());
        Assert.Equal("UNHCR-OAS", change["org"]!.GetValue<string>());
        Assert.Equal("CA", change["details"]!["org"]!.GetValue<string>());
        Assert.Equal("ES", change["details"]!["previous"]!["org"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("chair")]
    [InlineData("donor-es")]
    [InlineData("state-sv")]
    public async Task Put_ByAnyoneButTheSecretariat_Returns403AndChangesNothing(string clientId)
    {
        using var http = await _factory.AsAsync(clientId);

        using var response = await http.PutAsync("/api/v1/chair", Json.Body("""{"org":"ES","from":"2026-01-01","until":"2099-12-31"}"""));
        var read = await (await http.GetAsync("/api/v1/chair")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(read["until"]);
    }

    [Theory]
    [InlineData("""{"org":"SV","from":"2026-01-01"}""", "org")]
    [InlineData("""{"org":"UNHCR-OAS","from":"2026-01-01"}""", "org")]
    [InlineData("""{"org":"MIRPS-FUND","from":"2026-01-01"}""", "org")]
    [InlineData("""{"org":"CA"}""", "from")]
    [InlineData("""{"org":"CA","from":null}""", "from")]
    [InlineData("""{"org":"CA","from":"2026-02-30"}""", "from")]
    [InlineData("""{"org":"CA","from":"2026-06-01","until":"2026-05-31"}""", "until")]
    [InlineData("""{"org":"CA","from":"2026-06-01","active":true}""", "active")]
    public async Task Put_Invalid_Returns400NamingTheField(string body, string field)
    {
        using var secretariat = await _factory.AsAsync("secretariat");

        using var response = await secretariat.PutAsync("/api/v1/chair", Json.Body(body));
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Put_EverythingInvalid_Returns400ListingEveryField()
    {
        using var secretariat = await _factory.AsAsync("secretariat");

        using var response = await secretariat.PutAsync("/api/v1/chair", Json.Body("""{"org":"SV","from":"yesterday","until":5,"extra":1}"""));
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["extra", "from", "org", "until"], errors.Select(e => e.Key).Order());
    }

    public void Dispose()
    {
        _factory.Dispose();
        _data.Dispose();
    }
}
