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

    [Fact]
    public async Task Rotation_PreviousKeyPublishedDuringTheOverlap_ItsTokensStillValidate()
    {
        var oldKey = Path.Combine(_data.Path, "old.pem");
        var newKey = Path.Combine(_data.Path, "new.pem");
        using (var rsa = RSA.Create(2048)) await File.WriteAllTextAsync(oldKey, rsa.ExportPkcs8PrivateKeyPem());
        using (var rsa = RSA.Create(2048)) await File.WriteAllTextAsync(newKey, rsa.ExportPkcs8PrivateKeyPem());
        string oldToken;
        using (var before = new IdentityApplicationFactory(_data.Path, "Production", Keys(oldKey, null)))
        using (var http = before.CreateClient())
        {
            oldToken = await TokenClient.GetAccessTokenAsync(http, "donor-ca");
        }

        using var overlap = new IdentityApplicationFactory(_data.Path, "Production", Keys(newKey, oldKey));
        using var overlapHttp = overlap.CreateClient();
        var newToken = await TokenClient.GetAccessTokenAsync(overlapHttp, "donor-ca");
        var published = (await TokenClient.GetSigningKeysAsync(overlapHttp)).Keys.Select(k => k.Kid).ToList();

        Assert.Equal(2, published.Count);
        Assert.Contains(new JsonWebToken(oldToken).Kid, published);
        Assert.Contains(new JsonWebToken(newToken).Kid, published);
        Assert.NotEqual(new JsonWebToken(oldToken).Kid, new JsonWebToken(newToken).Kid);
        var during = await TokenClient.ValidateAsync(overlapHttp, oldToken);
        Assert.True(during.IsValid, during.Exception?.Message);

        using var after = new IdentityApplicationFactory(_data.Path, "Production", Keys(newKey, null));
        using var afterHttp = after.CreateClient();
        Assert.Single((await TokenClient.GetSigningKeysAsync(afterHttp)).Keys);
        Assert.False((await TokenClient.ValidateAsync(afterHttp, oldToken)).IsValid);
        Assert.True((await TokenClient.ValidateAsync(afterHttp, newToken)).IsValid);
    }

    private static Dictionary<string, string?> Keys(string current, string? previous) => new()
    {
        ["Identity:SigningKeyPath"] = current,
        ["Identity:PreviousSigningKeyPath"] = previous,
        ["Identity:SeedDemoClients"] = "true",
    };

    public void Dispose() => _data.Dispose();
}
