using System.Text;
using System.Text.Json;
using Marketplace.ServiceKit.Idempotency;
using Marketplace.ServiceKit.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.UnitTests;

/// <summary>
/// The middleware over a real (temporary) SQLite key store: an endpoint marked <see cref="ResponseHoldsSecret"/>
/// never has its successful response kept, while its error responses and unmarked endpoints replay as usual.
/// </summary>
public sealed class IdempotencyMiddlewareTests : IDisposable
{
    private const string Secret = "invitation-token-3f9a";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "idem-" + Guid.NewGuid().ToString("N"));
    private readonly IServiceProvider _services = new ServiceCollection().AddLogging().BuildServiceProvider();
    private readonly IdempotencyMiddleware _middleware;
    private int _status = StatusCodes.Status201Created;
    private int _runs;

    public IdempotencyMiddlewareTests()
    {
        var store = new SqliteIdempotencyStore(new SqliteDatabase(_directory, "keys.db", SqliteIdempotencyStore.Schema));
        _middleware = new IdempotencyMiddleware(async context =>
        {
            _runs++;
            context.Response.StatusCode = _status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"inviteUrl":"https://x.example/i?token={{Secret}}"}""");
        }, store, Options.Create(new IdempotencyOptions()), TimeProvider.System);
    }

    [Fact]
    public async Task SecretResponse_RepeatIs409WithoutTheSecret_NotRunAgain_AndADifferentBodyIs422()
    {
        var first = await SendAsync("k1", """{"email":"a@b.example"}""", holdsSecret: true);
        var repeat = await SendAsync("k1", """{ "email" : "a@b.example" }""", holdsSecret: true);
        var different = await SendAsync("k1", """{"email":"c@d.example"}""", holdsSecret: true);

        Assert.Equal((201, true), (first.Status, first.Body.Contains(Secret)));
        Assert.Equal(409, repeat.Status);
        Assert.Equal("application/problem+json", repeat.ContentType);
        Assert.DoesNotContain(Secret, repeat.Body);
        Assert.Equal(409, JsonDocument.Parse(repeat.Body).RootElement.GetProperty("status").GetInt32());
        Assert.Equal(422, different.Status);
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task SecretEndpoint_ErrorResponse_IsReplayed()
    {
        _status = StatusCodes.Status403Forbidden;

        var first = await SendAsync("k2", "{}", holdsSecret: true);
        var repeat = await SendAsync("k2", "{}", holdsSecret: true);

        Assert.Equal((403, 403), (first.Status, repeat.Status));
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task UnmarkedEndpoint_SuccessIsReplayed()
    {
        var first = await SendAsync("k3", "{}", holdsSecret: false);
        var repeat = await SendAsync("k3", "{}", holdsSecret: false);

        Assert.Equal((201, 201), (first.Status, repeat.Status));
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal(1, _runs);
    }

    private async Task<(int Status, string? ContentType, string Body)> SendAsync(string key, string json, bool holdsSecret)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/api/v1/users/invitations";
        context.Request.Headers[IdempotencyMiddleware.HeaderName] = key;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(new Endpoint(null,
            holdsSecret ? new EndpointMetadataCollection(ResponseHoldsSecret.Instance) : EndpointMetadataCollection.Empty, "invite"));
        await _middleware.InvokeAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, context.Response.ContentType, await reader.ReadToEndAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
