using Marketplace.Identity.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Marketplace.Identity.IntegrationTests;

[Collection(StartupCollection.Name)]
public sealed class ClientConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    private Dictionary<string, string?> ProductionSettings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Identity:AllowGeneratedSigningKey"] = "true" };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Theory]
    [InlineData("state-bz")]
    [InlineData("donor-us")]
    [InlineData("chair")]
    [InlineData("secretariat")]
    public async Task RequestToken_DemoClientOutsideDevelopmentWithoutSeeding_ReturnsInvalidClient(string clientId)
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Production", ProductionSettings());
        using var http = factory.CreateClient();

        using var response = await TokenClient.RequestAsync(http, clientId, TokenClient.DemoSecret);

        Assert.Equal("invalid_client", await TokenClient.GetErrorAsync(response));
    }

    [Fact]
    public async Task RequestToken_DemoClientOutsideDevelopmentWithSeedDemoClients_ReturnsToken()
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Production",
            ProductionSettings(("Identity:SeedDemoClients", "true")));
        using var http = factory.CreateClient();

        var token = await TokenClient.GetAccessTokenAsync(http, "state-pa");

        Assert.Equal("PA", new JsonWebToken(token).GetClaim("org").Value);
    }

    [Fact]
    public async Task RequestToken_ConfiguredClient_CarriesConfiguredRoleAndOrg()
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Production", ProductionSettings(
            ("Identity:Clients:0:ClientId", "idb-treasury"),
            ("Identity:Clients:0:Secret", "a-long-configured-secret"),
            ("Identity:Clients:0:Role", "donor"),
            ("Identity:Clients:0:Org", "IDB")));
        using var http = factory.CreateClient();

        var token = await TokenClient.GetAccessTokenAsync(http, "idb-treasury", "a-long-configured-secret");

        var result = await TokenClient.ValidateAsync(http, token);
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("idb-treasury", jwt.Subject);
        Assert.Equal("donor", jwt.GetClaim("role").Value);
        Assert.Equal("IDB", jwt.GetClaim("org").Value);
    }

    [Fact]
    public async Task RequestToken_ConfiguredLifetime_TokenExpiresAfterThatLifetime()
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Development", new Dictionary<string, string?>
        {
            ["Identity:AccessTokenLifetime"] = "00:05:00",
        });
        using var http = factory.CreateClient();

        var token = new JsonWebToken(await TokenClient.GetAccessTokenAsync(http, "donor-br"));

        Assert.Equal(TimeSpan.FromMinutes(5), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task Start_AfterDemoRunWithSeedingOff_DemoClientsNoLongerWork()
    {
        using (var demo = new IdentityApplicationFactory(_data.Path))
        using (var http = demo.CreateClient())
        {
            await TokenClient.GetAccessTokenAsync(http, "secretariat");
        }

        using var production = new IdentityApplicationFactory(_data.Path, "Production", ProductionSettings());
        using var productionHttp = production.CreateClient();
        using var response = await TokenClient.RequestAsync(productionHttp, "secretariat", TokenClient.DemoSecret);

        Assert.Equal("invalid_client", await TokenClient.GetErrorAsync(response));
    }

    [Theory]
    [InlineData("state", "AR", "org 'AR' is not valid for role 'state'")]
    [InlineData("donor", "GT", "org 'GT' is not valid for role 'donor'")]
    [InlineData("chair", "SV", "org 'SV' is not valid for role 'chair'")]
    [InlineData("secretariat", "SV", "org 'SV' is not valid for role 'secretariat'")]
    [InlineData("admin", "SV", "role 'admin' is not one of")]
    public void Start_ClientWithRoleOrgOutsideTable_FailsNamingTheClient(string role, string org, string expected)
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Production", ProductionSettings(
            ("Identity:Clients:0:ClientId", "ok-client"),
            ("Identity:Clients:0:Secret", "a-long-configured-secret"),
            ("Identity:Clients:0:Role", "state"),
            ("Identity:Clients:0:Org", "CR"),
            ("Identity:Clients:1:ClientId", "bad-client"),
            ("Identity:Clients:1:Secret", "a-long-configured-secret"),
            ("Identity:Clients:1:Role", role),
            ("Identity:Clients:1:Org", org)));

        var messages = StartupFailure.Capture(factory);

        Assert.Contains("Identity:Clients:1 (bad-client)", messages);
        Assert.Contains(expected, messages);
    }

    [Fact]
    public void Start_ClientWithoutSecret_FailsNamingTheKey()
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Production", ProductionSettings(
            ("Identity:Clients:0:ClientId", "no-secret"),
            ("Identity:Clients:0:Role", "state"),
            ("Identity:Clients:0:Org", "CR")));

        var messages = StartupFailure.Capture(factory);

        Assert.Contains("Identity:Clients:0:Secret", messages);
    }

    public void Dispose() => _data.Dispose();
}
