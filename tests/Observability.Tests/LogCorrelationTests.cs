using System.Net;
using Marketplace.TestSupport;

namespace Marketplace.Observability.Tests;

/// <summary>Log records written during a request carry its trace and span ids, over OTLP and on the console.</summary>
[Collection(TracedSystemCollection.Name)]
public sealed class LogCorrelationTests(TracedSystemFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly MarketplaceProcesses _system = fixture.System;
    private readonly OtlpReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task PostPledge_ThroughGateway_GatewayLogsCarryTheTraceIdOverOtlpAndConsole()
    {
        var donor = await _system.ClientAsync("donor-br");

        var (response, client) = await donor.SendTracedAsync(HttpMethod.Post, "api/v1/pledges",
            TracedRequests.PledgeJson("500.00", "MX", "protection"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var logs = await Eventually.GetAsync(() => Task.FromResult(_receiver.Logs.Where(l => l.TraceId == client.TraceId).ToList()),
            records => records.Any(r => r.Service == "Gateway"), Deadline, $"gateway log records in trace {client.TraceId}");
        var gatewayServer = await Eventually.GetAsync(
            () => Task.FromResult(_receiver.SpansOf(client.TraceId).FirstOrDefault(s => s.Service == "Gateway" && s.ParentSpanId == client.SpanId)),
            span => span is not null, Deadline, "the gateway's server span");
        Assert.Contains(logs, r => r.Service == "Gateway" && r.SpanId == gatewayServer!.SpanId);
        var console = await Eventually.GetAsync(() => Task.FromResult(_system.LogOf("gateway")),
            text => text.Contains($"\"TraceId\":\"{client.TraceId}\""), Deadline, "the trace id in the gateway's console log");
        Assert.Contains($"\"SpanId\":\"{gatewayServer!.SpanId}\"", console);
    }
}
