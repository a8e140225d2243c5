using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Observability.Tests;

/// <summary>
/// A stand-in OTLP collector: Kestrel on a free loopback port accepting OTLP/HTTP protobuf exports on
/// <c>/v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>, keeping what it decoded for the tests to query.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<ReceivedMetric> _metrics = new();
    private readonly ConcurrentQueue<ReceivedLog> _logs = new();
    private WebApplication? _app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public IReadOnlyList<ReceivedMetric> Metrics => [.. _metrics];

    public IReadOnlyList<ReceivedLog> Logs => [.. _logs];

    public IReadOnlyList<ReceivedSpan> SpansOf(string traceId) => [.. _spans.Where(s => s.TraceId == traceId)];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/v1/traces", (HttpRequest request) => ReceiveAsync(request, body => Enqueue(_spans, OtlpDecoder.Spans(body))));
        _app.MapPost("/v1/metrics", (HttpRequest request) => ReceiveAsync(request, body => Enqueue(_metrics, OtlpDecoder.Metrics(body))));
        _app.MapPost("/v1/logs", (HttpRequest request) => ReceiveAsync(request, body => Enqueue(_logs, OtlpDecoder.Logs(body))));
        await _app.StartAsync();
        Endpoint = new Uri(_app.Urls.Single());
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, Action<ByteString> decode)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        decode(ByteString.CopyFrom(buffer.ToArray()));
        // An empty Export*ServiceResponse: everything accepted.
        return Results.Bytes([], "application/x-protobuf");
    }

    private static void Enqueue<T>(ConcurrentQueue<T> queue, IEnumerable<T> items)
    {
        foreach (var item in items) queue.Enqueue(item);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
