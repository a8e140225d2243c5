using Marketplace.Identity.IntegrationTests.Support;

namespace Marketplace.Identity.IntegrationTests;

/// <summary>A bad people setting stops the service at start, naming the key.</summary>
[Collection(StartupCollection.Name)]
public sealed class PeopleConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    [Theory]
    [InlineData("Identity:PersonAccessTokenLifetime", "00:30:00", "Identity:PersonAccessTokenLifetime must be 1 to 15 minutes")]
    [InlineData("Identity:RefreshTokenReuseLeeway", "00:00:30", "Identity:RefreshTokenReuseLeeway must be 0 to 5 seconds")]
    [InlineData("Identity:WebRedirectUris:0", "/signin-callback", "Identity:WebRedirectUris:0 must be an absolute http(s) URI")]
    [InlineData("Identity:Bootstrap:Email", "not an email", "Identity:Bootstrap:Email is not an email address")]
    public void Start_BadPeopleSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        using var factory = new IdentityApplicationFactory(_data.Path, settings: new Dictionary<string, string?> { [key] = value });

        Assert.Contains(expected, StartupFailure.Capture(factory));
    }

    public void Dispose() => _data.Dispose();
}
