using System.Net;
using Marketplace.Matching.Chair;
using Marketplace.Matching.Options;
using Marketplace.ServiceKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Matching.IntegrationTests;

public sealed class IdentityChairTermSourceTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class IdentityStub(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Requests.Add(request.RequestUri!);
            return Task.FromResult(answer());
        }
    }

    private static (IdentityChairTermSource Source, IdentityStub Identity, Clock Clock) Create(Func<HttpResponseMessage> answer)
    {
        var identity = new IdentityStub(answer);
        var clock = new Clock();
        var services = new ServiceCollection();
        services.AddHttpClient(IdentityChairTermSource.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => identity);
        services.AddHttpClient(nameof(ServiceTokenProvider));
        var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IHttpClientFactory>();
        var tokens = new ServiceTokenProvider(factory, Microsoft.Extensions.Options.Options.Create(new ServiceClientOptions()), Microsoft.Extensions.Options.Options.Create(new AuthOptions()), clock);
        var options = Microsoft.Extensions.Options.Options.Create(new MatchingOptions { IdentityUrl = "http://identity.test/", ChairTermCacheSeconds = 10 });
        return (new IdentityChairTermSource(factory, tokens, options, clock), identity, clock);
    }

    private static HttpResponseMessage Json(string body) => new(HttpStatusCode.OK) { Content = new StringContent(body) };

    [Fact]
    public async Task Get_ReadsTheTermOnce_WithinTheCacheWindow_AndAgainAfterIt()
    {
        var (source, identity, clock) = Create(() => Json("""{"org":"ES","from":"2026-01-01","until":"2026-12-31","active":true}"""));

        var first = await source.GetAsync(CancellationToken.None);
        clock.Now = clock.Now.AddSeconds(9);
        await source.GetAsync(CancellationToken.None);
        clock.Now = clock.Now.AddSeconds(2);
        await source.GetAsync(CancellationToken.None);

        Assert.Equal(new ChairTerm("ES", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), first);
        Assert.Equal(2, identity.Requests.Count);
        Assert.Equal("http://identity.test/api/v1/chair", identity.Requests[0].ToString());
    }

    [Fact]
    public async Task Get_WhenNoTermWasEverSet_ReturnsNull()
    {
        var (source, _, _) = Create(() => Json("""{"org":null,"active":false}"""));

        Assert.Null(await source.GetAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "")]
    [InlineData(HttpStatusCode.OK, "not json")]
    [InlineData(HttpStatusCode.OK, """{"org":"ES","from":"someday"}""")]
    public async Task Get_WhenTheAnswerIsUnusable_Throws_AndCachesNothing(HttpStatusCode status, string body)
    {
        var (source, identity, _) = Create(() => new HttpResponseMessage(status) { Content = new StringContent(body) });

        await Assert.ThrowsAsync<ChairTermUnavailableException>(() => source.GetAsync(CancellationToken.None));
        await Assert.ThrowsAsync<ChairTermUnavailableException>(() => source.GetAsync(CancellationToken.None));

        Assert.Equal(2, identity.Requests.Count);
    }
}
