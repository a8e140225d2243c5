using MassTransit.Testing;
using Marketplace.Flows.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Pledges.IntegrationTests;

/// <summary>A pledge shows what its flows committed and disbursed, from the flow events (pledge currency).</summary>
public sealed class PledgeTrailTests(PledgesApiFactory factory) : IClassFixture<PledgesApiFactory>
{
    [Fact]
    public async Task FlowEvents_SetCommittedAndDisbursed_AndAnOlderEventChangesNothing()
    {
        var client = factory.ClientAs("donor", "EU");
        var created = await (await client.PostAsync("/api/v1/pledges", Json.Body(PledgeBodies.Valid()))).ReadObjectAsync();
        var id = created["id"]!.GetValue<string>();
        var currency = created["amount"]!["currency"]!.GetValue<string>();
        FlowSnapshot Flow(string status, decimal committed, decimal disbursed, long version) =>
            new("flow_1", "match_1", "need_1", id, "GT", "EU", currency, 1000m, committed, disbursed, "USD", 1085m, 0m, 0m, status, version,
                DateTimeOffset.UtcNow);
        var bus = factory.Services.GetRequiredService<ITestHarness>().Bus;

        await bus.Publish(new DisbursementRecorded(Flow("partially-disbursed", 800m, 300m, 3), "disb_1", new DateOnly(2026, 11, 10), 300m, "TX"));
        await bus.Publish(new FlowCommitted(Flow("committed", 800m, 0m, 2), new DateOnly(2026, 11, 2), "AGR"));

        var pledge = await Eventually.GetAsync(async () => await (await client.GetAsync($"/api/v1/pledges/{id}")).ReadObjectAsync(),
            p => p["disbursed"]!["amount"]!.GetValue<string>() == "300.00", TimeSpan.FromSeconds(10), "the pledge's trail");
        Assert.Equal("800.00", pledge["committed"]!["amount"]!.GetValue<string>());
        Assert.Equal("0.00", created["committed"]!["amount"]!.GetValue<string>());
    }
}
