using System.Security.Claims;
using System.Security.Cryptography;
using Marketplace.ServiceKit.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.UnitTests;

/// <summary>
/// The validated-token cache behind every service's and the gateway's bearer authentication: the real JWT handler
/// validates a token once, later calls with the very same string get a fresh principal from the cache, and anything
/// else (another signature, another audience, an entry past its expiry) is validated in full.
/// </summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private const string Issuer = "http://localhost:5100/";
    private const string Audience = "marketplace-api";
    private readonly RSA _key = RSA.Create(2048);
    private readonly Clock _clock = new(DateTimeOffset.UtcNow);
    private readonly ServiceProvider _services;
    private readonly OpenIdConnectConfiguration _issuer = new() { Issuer = Issuer };

    public ValidatedTokenCacheTests()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddLogging();
        builder.AddMarketplaceSecurity();
        // The issuer's keys without fetching its discovery document.
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            _issuer.SigningKeys.Add(new RsaSecurityKey(_key) { KeyId = "k1" });
            jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(_issuer);
        });
        _services = builder.Services.BuildServiceProvider();
    }

    private ValidatedTokenCache Cache => _services.GetRequiredService<ValidatedTokenCache>();

    [Fact]
    public async Task AValidatedToken_IsTakenFromTheCacheNextTime_WithAFreshPrincipalOfTheSameClaims()
    {
        var token = Issue(Audience);

        var first = await AuthenticateAsync(token);
        Assert.True(first.Succeeded, first.Failure?.ToString());
        Assert.Equal(1, Cache.Count);
        // Without the issuer's key a full validation would now fail: the second call can only pass from the cache.
        _issuer.SigningKeys.Clear();
        var second = await AuthenticateAsync(token);

        Assert.True(second.Succeeded);
        Assert.NotSame(first.Principal, second.Principal);
        Assert.NotSame(first.Principal!.Identity, second.Principal!.Identity);
        Assert.Equal("donor-1", second.Principal.Identity!.Name);
        Assert.True(second.Principal.IsInRole("donor"));
        Assert.Equal(first.Principal.Claims.Select(c => (c.Type, c.Value)), second.Principal.Claims.Select(c => (c.Type, c.Value)));
        Assert.Equal(1, Cache.Count);
    }

    [Fact]
    public async Task AnotherSignatureOrAudience_IsValidatedInFull_AndRejected_EvenBesideACachedToken()
    {
        var token = Issue(Audience);
        Assert.True((await AuthenticateAsync(token)).Succeeded);

        using var other = RSA.Create(2048);
        var forged = Issue(Audience, other);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var wrongAudience = Issue("another-api");

        Assert.False((await AuthenticateAsync(forged)).Succeeded);
        Assert.False((await AuthenticateAsync(tampered)).Succeeded);
        Assert.False((await AuthenticateAsync(wrongAudience)).Succeeded);
        Assert.Equal(1, Cache.Count);
    }

    [Fact]
    public void AnEntry_LastsUntilTheTokenExpires_AndAtMostMaxAge()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "state-1")], "test", "sub", "role"));
        var now = _clock.GetUtcNow();
        Cache.Add("expires-soon", principal, now.AddMinutes(1).UtcDateTime);
        Cache.Add("expires-late", principal, now.AddHours(1).UtcDateTime);
        Cache.Add("already-expired", principal, now.AddSeconds(-1).UtcDateTime);

        Assert.True(Cache.TryGet("expires-soon", out _));
        Assert.False(Cache.TryGet("already-expired", out _));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(Cache.TryGet("expires-soon", out _));
        Assert.True(Cache.TryGet("expires-late", out var late));
        Assert.Equal("state-1", late.Identity!.Name);
        _clock.Advance(ValidatedTokenCache.MaxAge - TimeSpan.FromMinutes(1));
        Assert.False(Cache.TryGet("expires-late", out _));
    }

    [Fact]
    public void TheCache_StaysWithinItsCapacity()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "state-1")], "test", "sub", "role"));
        var expires = _clock.GetUtcNow().AddHours(1).UtcDateTime;
        for (var i = 0; i < ValidatedTokenCache.Capacity + 10; i++)
        {
            Cache.Add($"token-{i}", principal, expires);
        }

        Assert.InRange(Cache.Count, 1, ValidatedTokenCache.Capacity);
        Assert.True(Cache.TryGet($"token-{ValidatedTokenCache.Capacity + 9}", out _));
    }

    private async Task<AuthenticateResult> AuthenticateAsync(string token)
    {
        using var scope = _services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = $"Bearer {token}";
        var authentication = scope.ServiceProvider.GetRequiredService<IAuthenticationService>();
        return await authentication.AuthenticateAsync(context, JwtBearerDefaults.AuthenticationScheme);
    }

    private string Issue(string audience, RSA? key = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", "donor-1"), new Claim("role", "donor"), new Claim("org", "ES")]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        TokenType = "at+jwt",
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
    });

    public void Dispose()
    {
        _services.Dispose();
        _key.Dispose();
    }

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
