using MassTransit.Testing;
using Marketplace.Flows.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Needs.IntegrationTests;

/// <summary>A need shows what its flows committed and disbursed, from the flow events (need currency).</summary>
public sealed class NeedTrailTests(NeedsApiFactory factory) : IClassFixture<NeedsApiFactory>
{
    private static FlowSnapshot Flow(string flowId, string needId, string status, decimal committed, decimal disbursed, long version) =>
        new(flowId, $"match_{flowId}", needId, "pledge_1", "GT", "ES", "EUR", 1000m, 0m, 0m, "USD", 1085m, committed, disbursed, status, version,
            DateTimeOffset.UtcNow);

    [Fact]
    public async Task FlowEvents_InAnyOrder_SetCommittedAndDisbursed_AndACancelledFlowKeepsOnlyWhatItDisbursed()
    {
        var client = factory.ClientAs("state", "GT");
        var id = (await (await client.PostAsync("/api/v1/needs", Json.Body(NeedBodies.Valid()))).ReadObjectAsync())["id"]!.GetValue<string>();
        var bus = factory.Services.GetRequiredService<ITestHarness>().Bus;

        await bus.Publish(new DisbursementRecorded(Flow("flow_a", id, "partially-disbursed", 868m, 325.5m, 3), "disb_1",
            new DateOnly(2026, 11, 10), 300m, "TX"));
        await bus.Publish(new FlowCommitted(Flow("flow_a", id, "committed", 868m, 0m, 2), new DateOnly(2026, 11, 2), "AGR"));
        await bus.Publish(new FlowCreated(Flow("flow_b", id, "approved", 0m, 0m, 1)));
        await bus.Publish(new FlowCancelled(Flow("flow_b", id, "cancelled", 500m, 100m, 4), "stopped", "donor-es", "ES"));

        var need = await Eventually.GetAsync(async () => await (await client.GetAsync($"/api/v1/needs/{id}")).ReadObjectAsync(),
            n => n["disbursed"]!["amount"]!.GetValue<string>() == "425.50", TimeSpan.FromSeconds(10), "the need's trail");
        Assert.Equal(("968.00", "USD"), (need["committed"]!["amount"]!.GetValue<string>(), need["committed"]!["currency"]!.GetValue<string>()));
        var listed = await (await client.GetAsync("/api/v1/needs?country=GT&pageSize=200")).ReadObjectAsync();
        Assert.Contains(listed["items"]!.AsArray(), n => n!["id"]!.GetValue<string>() == id && n["committed"]!["amount"]!.GetValue<string>() == "968.00");
    }
}
