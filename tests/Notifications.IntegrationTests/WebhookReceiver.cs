using System.Collections.Concurrent;
using Marketplace.Notifications.Webhooks;
using Marketplace.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Marketplace.Notifications.IntegrationTests;

/// <summary>
/// An organisation's system receiving webhooks on a loopback port, as a careful receiver would: it checks
/// the signature (refusing 400 when wrong), answers 503 while <see cref="Down"/>, and counts the deliveries
/// of each event id (a real receiver processes an id once and acknowledges a repeat).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>How many validly signed deliveries arrived per event id.</summary>
    public ConcurrentDictionary<string, int> Received { get; } = new();
    public ConcurrentBag<string> Bodies { get; } = [];
    public int Requests => _requests;
    public int BadSignatures => _badSignatures;
    public bool Down { get; set; }
    public TimeSpan Delay { get; set; }
    public string Secret { get; set; } = "";
    public Uri Url { get; }

    private int _requests;
    private int _badSignatures;

    private WebhookReceiver(int port)
    {
        Url = new Uri($"http://127.0.0.1:{port}/hooks");
        var builder = WebApplication.CreateSlimBuilder();
        // The test's output folder holds the notifications service's appsettings.json (its Kestrel endpoints): not the receiver's.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{port}" });
        _app = builder.Build();
        _app.MapPost("/hooks", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _requests);
            if (Down) return Results.StatusCode(503);
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            if (!WebhookSignature.Verify(Secret, request.Headers[WebhookSignature.Header], body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance))
            {
                Interlocked.Increment(ref _badSignatures);
                return Results.BadRequest();
            }
            Bodies.Add(body);
            Received.AddOrUpdate(request.Headers["Marketplace-Event-Id"].ToString(), 1, (_, n) => n + 1);
            return Results.Ok();
        });
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(LoopbackPorts.Next());
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
