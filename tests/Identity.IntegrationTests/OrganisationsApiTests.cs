using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Identity.IntegrationTests.Support;
using Marketplace.TestSupport;

namespace Marketplace.Identity.IntegrationTests;

public sealed class OrganisationsApiTests : IDisposable
{
    private readonly Support.TemporaryDirectory _data = new();
    private readonly IdentityApplicationFactory _factory;

    public OrganisationsApiTests() => _factory = new IdentityApplicationFactory(_data.Path);

    [Fact]
    public async Task List_AsAnyMember_ReturnsEveryOrganisationWithKindNamesAndIati()
    {
        using var http = await _factory.AsAsync("state-gt");

        var items = (await (await http.GetAsync("/api/v1/organisations")).ReadObjectAsync())["items"]!.AsArray();

        Assert.Equal(23, items.Count);
        Assert.Equal(7, items.Count(i => i!["kind"]!.GetValue<string>() == "state"));
        Assert.Equal(14, items.Count(i => i!["kind"]!.GetValue<string>() == "donor"));
        var spain = items.Single(i => i!["code"]!.GetValue<string>() == "ES")!;
        Assert.Equal("España", spain["name"]!["es"]!.GetValue<string>());
        Assert.Equal("Spain", spain["name"]!["en"]!.GetValue<string>());
        Assert.Equal("XM-DAC-50", spain["iati"]!["ref"]!.GetValue<string>());
        Assert.Equal("10", spain["iati"]!["type"]!.GetValue<string>());
        Assert.Equal("secretariat", items.Single(i => i!["code"]!.GetValue<string>() == "UNHCR-OAS")!["kind"]!.GetValue<string>());
        Assert.Equal("fund", items.Single(i => i!["code"]!.GetValue<string>() == "MIRPS-FUND")!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_WithoutToken_Returns401()
    {
        using var http = _factory.CreateClient();

        using var response = await http.GetAsync("/api/v1/organisations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SetIati_BySecretariat_ChangesItAndRecordsWhoDidIt()
    {
        using var secretariat = await _factory.AsAsync("secretariat");

        using var response = await secretariat.PutAsync("/api/v1/organisations/CABEI/iati", Json.Body("""{"ref":"XM-DAC-953-CABEI","type":"40"}"""));
        var listed = (await (await secretariat.GetAsync("/api/v1/organisations")).ReadObjectAsync())["items"]!.AsArray()
            .Single(i => i!["code"]!.GetValue<string>() == "CABEI")!;
        var audit = (await (await secretariat.GetAsync("/api/v1/audit?entityId=org_CABEI")).ReadObjectAsync())["items"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("XM-DAC-953-CABEI", (await response.ReadObjectAsync())["iati"]!["ref"]!.GetValue<string>());
        Assert.Equal("XM-DAC-953-CABEI", listed["iati"]!["ref"]!.GetValue<string>());
        var entry = Assert.Single(audit)!;
        Assert.Equal("organisation.iati-set", entry["action"]!.GetValue<string>());
        Assert.Equal("secretariat", entry["actor"]!.GetValue<string>());
        Assert.Equal("secretariat", entry["actorName"]!.GetValue<string>());
        Assert.Equal("UNHCR-OAS", entry["org"]!.GetValue<string>());
        Assert.Equal("XM-DAC-953", entry["details"]!["from"]!["ref"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("donor-es")]
    [InlineData("chair")]
    [InlineData("state-hn")]
    public async Task SetIati_ByAnyoneButTheSecretariat_Returns403AndChangesNothing(string clientId)
    {
        using var http = await _factory.AsAsync(clientId);

        using var response = await http.PutAsync("/api/v1/organisations/ES/iati", Json.Body("""{"ref":"XX-FORGED-1","type":"10"}"""));
        var spain = (await (await http.GetAsync("/api/v1/organisations")).ReadObjectAsync())["items"]!.AsArray()
            .Single(i => i!["code"]!.GetValue<string>() == "ES")!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("XM-DAC-50", spain["iati"]!["ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetIati_UnknownOrganisation_Returns404()
    {
        using var secretariat = await _factory.AsAsync("secretariat");

        using var response = await secretariat.PutAsync("/api/v1/organisations/XX/iati", Json.Body("""{"ref":"XM-DAC-1","type":"10"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SetIati_InvalidBody_Returns400ListingEveryField()
    {
        using var secretariat = await _factory.AsAsync("secretariat");

        using var response = await secretariat.PutAsync("/api/v1/organisations/ES/iati", Json.Body("""{"ref":"not an id","type":"99","name":"x"}"""));
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["name", "ref", "type"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Audit_OfAnotherOrganisation_Returns403_OfUnknownEntity404()
    {
        using var donor = await _factory.AsAsync("donor-ca");

        using var other = await donor.GetAsync("/api/v1/audit?entityId=org_ES");
        using var own = await donor.GetAsync("/api/v1/audit?entityId=org_CA");
        using var unknown = await donor.GetAsync("/api/v1/audit?entityId=org_XX");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _data.Dispose();
    }
}
