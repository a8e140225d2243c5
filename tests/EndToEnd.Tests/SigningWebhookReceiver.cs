using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// An organisation's system receiving the marketplace's webhooks on a loopback port, written from
/// docs/notifications.md alone: it recomputes <c>HMAC-SHA256(secret, "{t}.{body}")</c> from the
/// <c>Marketplace-Signature</c> header, refuses a timestamp more than five minutes off, and counts the valid
/// deliveries per event id (with the match each one names).
/// </summary>
public sealed class SigningWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _badSignatures;

    public ConcurrentDictionary<string, int> Received { get; } = new();
    public ConcurrentDictionary<string, string> MatchOfEvent { get; } = new();
    public string Secret { get; set; } = "";
    public int BadSignatures => _badSignatures;
    public Uri Url { get; }

    private SigningWebhookReceiver(int port)
    {
        Url = new Uri($"http://127.0.0.1:{port}/marketplace-events");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{port}" });
        _app = builder.Build();
        _app.MapPost("/marketplace-events", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
            if (!Valid(request.Headers["Marketplace-Signature"].ToString(), body))
            {
                Interlocked.Increment(ref _badSignatures);
                return Results.BadRequest();
            }
            var payload = JsonNode.Parse(body)!;
            var id = payload["id"]!.GetValue<string>();
            MatchOfEvent[id] = payload["data"]?["matchId"]?.GetValue<string>() ?? "";
            Received.AddOrUpdate(id, 1, (_, n) => n + 1);
            return Results.Ok();
        });
    }

    public static async Task<SigningWebhookReceiver> StartAsync()
    {
        var receiver = new SigningWebhookReceiver(LoopbackPorts.Next());
        await receiver._app.StartAsync();
        return receiver;
    }

    private bool Valid(string header, string body)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0], p => p[1]);
        if (!long.TryParse(parts["t"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var t)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t) > 300) return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        return parts["v1"].Any(v => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(v), Encoding.ASCII.GetBytes(expected)));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
