using System.Security.Cryptography;
using Marketplace.Identity.IntegrationTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.Identity.IntegrationTests;

[Collection(StartupCollection.Name)]
public sealed class SigningKeyTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    [Fact]
    public async Task Restart_SameDataDirectory_TokensValidateWithTheSameKey()
    {
        string firstToken;
        using (var first = new IdentityApplicationFactory(_data.Path))
        using (var http = first.CreateClient())
        {
            firstToken = await TokenClient.GetAccessTokenAsync(http, "donor-ca");
        }

        using var second = new IdentityApplicationFactory(_data.Path);
        using var secondHttp = second.CreateClient();
        var secondToken = await TokenClient.GetAccessTokenAsync(secondHttp, "donor-ca");

        Assert.Equal(new JsonWebToken(firstToken).Kid, new JsonWebToken(secondToken).Kid);
        var result = await TokenClient.ValidateAsync(secondHttp, firstToken);
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public void Start_OutsideDevelopmentWithoutKey_FailsNamingTheKey()
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Production");

        var messages = StartupFailure.Capture(factory);

        Assert.Contains("Identity:SigningKeyPath", messages);
        Assert.False(File.Exists(Path.Combine(_data.Path, "identity-signing-key.pem")));
    }

    [Fact]
    public void Start_SigningKeyPathMissingFile_FailsNamingTheKey()
    {
        using var factory = new IdentityApplicationFactory(_data.Path, "Production", new Dictionary<string, string?>
        {
            ["Identity:SigningKeyPath"] = Path.Combine(_data.Path, "absent.pem"),
        });

        var messages = StartupFailure.Capture(factory);

        Assert.Contains("Identity:SigningKeyPath", messages);
    }

    [Fact]
    public async Task Start_WithSigningKeyPath_SignsWithThatKey()
    {
        using var rsa = RSA.Create(2048);
        var keyPath = Path.Combine(_data.Path, "configured-key.pem");
        await File.WriteAllTextAsync(keyPath, rsa.ExportRSAPrivateKeyPem());
        using var factory = new IdentityApplicationFactory(_data.Path, "Production", new Dictionary<string, string?>
        {
            ["Identity:SigningKeyPath"] = keyPath,
            ["Identity:SeedDemoClients"] = "true",
        });
        using var http = factory.CreateClient();

        var token = await TokenClient.GetAccessTokenAsync(http, "state-hn");

        var published = Assert.Single((await TokenClient.GetSigningKeysAsync(http)).Keys);
        Assert.Equal(Base64UrlEncoder.Encode(rsa.ExportParameters(false).Modulus), published.N);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = IdentityApplicationFactory.Issuer,
            ValidAudience = "marketplace-api",
            IssuerSigningKey = new RsaSecurityKey(rsa.ExportParameters(false)),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.False(File.Exists(Path.Combine(_data.Path, "identity-signing-key.pem")));
    }

    public void Dispose() => _data.Dispose();
}
