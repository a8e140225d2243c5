using System.Net;
using Marketplace.TestSupport;

namespace Marketplace.Observability.Tests;

/// <summary>
/// One user action is one trace: from the gateway's server span through its proxied call into the
/// services, across gRPC calls and through RabbitMQ (via the transactional outbox) into consumers.
/// </summary>
[Collection(TracedSystemCollection.Name)]
public sealed class TracePropagationTests(TracedSystemFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly MarketplaceProcesses _system = fixture.System;
    private readonly OtlpReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task PostPledge_ThroughGateway_GatewayPledgesAndMatchingConsumerShareOneTrace()
    {
        var donor = await _system.ClientAsync("donor-ch");

        var (response, client) = await donor.SendTracedAsync(HttpMethod.Post, "api/v1/pledges",
            TracedRequests.PledgeJson("1000.00", "HN", "education"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var trace = await TraceAsync(client, t =>
            t.Where("Matching", SpanKind.Consumer).Any() && t.Where("Pledges", SpanKind.Producer).Any() && t.Where("Pledges", SpanKind.Server).Any());
        // The gateway continues the caller's trace; YARP's forwarding span (also of kind server) sits below.
        var gatewayServer = Assert.Single(trace.Where("Gateway", SpanKind.Server), s => s.ParentSpanId == client.SpanId);
        var pledgesServer = Assert.Single(trace.Where("Pledges", SpanKind.Server));
        Assert.Contains(trace.Where("Gateway", SpanKind.Client), s => s.SpanId == pledgesServer.ParentSpanId && trace.Descends(s, gatewayServer));
        Assert.Contains(trace.Where("Pledges", SpanKind.Producer), s => trace.Descends(s, pledgesServer));
        Assert.Contains(trace.Where("Matching", SpanKind.Consumer), s => trace.Descends(s, pledgesServer));
    }

    [Fact]
    public async Task Approve_ThroughGateway_MatchingAndItsGrpcCallsToPledgesAndNeedsShareOneTrace()
    {
        var state = await _system.ClientAsync("state-gt");
        var donor = await _system.ClientAsync("donor-fr");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await state.PostNeedAsync("GT", "2000.00", "health");
        (await donor.PostAsync("api/v1/pledges", Json.Body(TracedRequests.PledgeJson("2000.00", "GT", "health")))).EnsureSuccessStatusCode();
        var proposal = await secretariat.ProposalForNeedAsync(needId);

        var (response, client) = await secretariat.SendTracedAsync(HttpMethod.Post, $"api/v1/matches/{proposal}/approve");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trace = await TraceAsync(client, t => t.Where("Matching", SpanKind.Server).Any() && t.Where("Matching", SpanKind.Client).Count() >= 2
            && t.Where("Pledges", SpanKind.Server).Any() && t.Where("Needs", SpanKind.Server).Any());
        // The gateway continues the caller's trace; YARP's forwarding span (also of kind server) sits below.
        var gatewayServer = Assert.Single(trace.Where("Gateway", SpanKind.Server), s => s.ParentSpanId == client.SpanId);
        var matchingServer = Assert.Single(trace.Where("Matching", SpanKind.Server));
        Assert.Contains(trace.Where("Gateway", SpanKind.Client), s => s.SpanId == matchingServer.ParentSpanId && trace.Descends(s, gatewayServer));
        var reserve = Assert.Single(trace.Where("Matching", SpanKind.Client), s => s.Name.Contains("PledgesService/ReserveAllocation"));
        var commit = Assert.Single(trace.Where("Matching", SpanKind.Client), s => s.Name.Contains("NeedsService/CommitFunding"));
        Assert.True(trace.Descends(reserve, matchingServer), $"gRPC client span not under matching's server span:\n{trace}");
        Assert.True(trace.Descends(commit, matchingServer), $"gRPC client span not under matching's server span:\n{trace}");
        Assert.True(trace.Descends(Assert.Single(trace.Where("Pledges", SpanKind.Server)), reserve), $"pledges not under the gRPC call:\n{trace}");
        Assert.True(trace.Descends(Assert.Single(trace.Where("Needs", SpanKind.Server)), commit), $"needs not under the gRPC call:\n{trace}");
    }

    /// <summary>
    /// Waits until the gateway's spans (exported once its response is complete) and those <paramref name="complete"/>
    /// names have arrived: each process exports on its own schedule.
    /// </summary>
    private async Task<ReceivedTrace> TraceAsync(ClientSpan client, Func<ReceivedTrace, bool> complete) =>
        await Eventually.GetAsync(() => Task.FromResult(new ReceivedTrace(_receiver.SpansOf(client.TraceId))),
            t => t.Where("Gateway", SpanKind.Server).Any(s => s.ParentSpanId == client.SpanId) && t.Where("Gateway", SpanKind.Client).Any() && complete(t),
            Deadline, $"the spans of trace {client.TraceId}");
}
