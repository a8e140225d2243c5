using System.Net;
using System.Text.RegularExpressions;
using Marketplace.Identity.IntegrationTests.Support;

namespace Marketplace.Identity.IntegrationTests;

/// <summary>First run outside demo mode: no demo people, one secretariat administrator from configuration.</summary>
public sealed partial class BootstrapTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    [Fact]
    public async Task FirstRun_LogsASetupLink_TheAdministratorSetsAPasswordAndSignsInWithMfa()
    {
        var logs = new CapturedLogs();
        using var factory = new IdentityApplicationFactory(_data.Path, "Production", new Dictionary<string, string?>
        {
            ["Identity:AllowGeneratedSigningKey"] = "true",
            ["Identity:Bootstrap:Email"] = "admin@oas.example",
        }, logs);
        using var browser = CodeFlowClient.For(factory);

        using var demo = await browser.SignInAsync("gt@demo.invalid", CodeFlowClient.DemoPassword);
        Assert.Equal(HttpStatusCode.BadRequest, demo.StatusCode);
        var link = logs.Lines.Select(l => SetupLink().Match(l)).First(m => m.Success).Value;
        var page = await browser.GetPageAsync(new Uri(link).PathAndQuery);
        using var set = await browser.PostFormAsync("/account/invitation", page,
            new() { ["password"] = "administrator passphrase", ["confirm"] = "administrator passphrase" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var tokens = await browser.SignInForTokensAsync("admin@oas.example", "administrator passphrase");

        var access = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal("secretariat", access.GetClaim("role").Value);
        Assert.Equal("UNHCR-OAS", access.GetClaim("org").Value);
    }

    [Fact]
    public async Task Restart_AfterThePasswordIsSet_LogsNoNewLink()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Identity:AllowGeneratedSigningKey"] = "true",
            ["Identity:Bootstrap:Email"] = "admin@oas.example",
        };
        var first = new CapturedLogs();
        using (var factory = new IdentityApplicationFactory(_data.Path, "Production", settings, first))
        {
            using var browser = CodeFlowClient.For(factory);
            var link = first.Lines.Select(l => SetupLink().Match(l)).First(m => m.Success).Value;
            var page = await browser.GetPageAsync(new Uri(link).PathAndQuery);
            using var _ = await browser.PostFormAsync("/account/invitation", page,
                new() { ["password"] = "administrator passphrase", ["confirm"] = "administrator passphrase" });
        }

        var second = new CapturedLogs();
        using var restarted = new IdentityApplicationFactory(_data.Path, "Production", settings, second);
        using var client = restarted.CreateClient();
        using var ready = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.DoesNotContain(second.Lines, l => SetupLink().IsMatch(l));
    }

    [GeneratedRegex(@"http://localhost:8080/account/invitation\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupLink();

    public void Dispose() => _data.Dispose();
}
