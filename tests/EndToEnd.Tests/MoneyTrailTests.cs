using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The money trail through the gateway and the real processes: an approval opens a flow (over RabbitMQ),
/// the donor commits and disburses, the member state confirms, and a cancellation gives the undisbursed
/// remainder back to the pledge and the need (over gRPC), where matching may propose it again.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class MoneyTrailTests(SystemFixture fixture)
{
    private readonly MarketplaceProcesses _system = fixture.System;

    [Fact]
    public async Task ApprovedMatch_IsFollowedToDisbursed_AndCancellingTheRemainderReleasesItOnBothSides()
    {
        var state = await _system.ClientAsync("state-pa");
        var donor = await _system.ClientAsync("donor-fr");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await state.PostNeedAsync("PA", "20000.00", "USD", sector: "employment-livelihoods", title: "E2E money trail");
        var pledgeId = await donor.PostPledgeAsync("10000.00", "EUR", "[\"PA\"]", "[\"employment-livelihoods\"]");
        var proposal = (await secretariat.ProposalsAsync($"needId={needId}&pledgeId={pledgeId}", 1)).Single()!;
        var fxRate = decimal.Parse(proposal["fxRate"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var needAmount = decimal.Parse(proposal.Amount("needAmount"), CultureInfo.InvariantCulture);
        var pledgeAmount = proposal.Amount("amount");
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null)).StatusCode);
        var fundedAtApproval = decimal.Parse((await secretariat.GetObjectAsync($"api/v1/needs/{needId}")).Amount("funded"), CultureInfo.InvariantCulture);

        var flow = (await Eventually.GetAsync(() => donor.GetObjectAsync($"api/v1/flows?needId={needId}&pledgeId={pledgeId}"),
            page => page["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15), "the flow of the approval"))["items"]![0]!.AsObject();
        var flowId = flow["id"]!.GetValue<string>();
        Assert.Equal(("approved", proposal["id"]!.GetValue<string>(), pledgeAmount),
            (flow["status"]!.GetValue<string>(), flow["matchId"]!.GetValue<string>(), flow.Amount("approved")));

        var commitment = new HttpRequestMessage(HttpMethod.Post, $"api/v1/flows/{flowId}/commitment")
        {
            Content = Json.Body("""{"signedOn":"2026-11-02","reference":"FR-PA-2026-01","amount":{"amount":"8000.00","currency":"EUR"}}"""),
        };
        commitment.Headers.Add("Idempotency-Key", $"commit-{flowId}");
        Assert.Equal(HttpStatusCode.OK, (await donor.SendAsync(commitment)).StatusCode);
        var disbursed = await donor.PostAsync($"api/v1/flows/{flowId}/disbursements",
            Json.Body("""{"date":"2026-11-10","amount":{"amount":"3000.00","currency":"EUR"},"reference":"SWIFT-1"}"""));
        Assert.Equal(HttpStatusCode.Created, disbursed.StatusCode);
        var disbursementId = (await disbursed.ReadObjectAsync())["id"]!.GetValue<string>();
        var received = await (await state.PostAsync($"api/v1/flows/{flowId}/disbursements/{disbursementId}/receipt", null)).ReadObjectAsync();
        Assert.Equal("partially-disbursed", received["status"]!.GetValue<string>());
        Assert.NotNull(received["disbursements"]![0]!["receivedAt"]);

        // Needs, pledges and the summary follow the trail (flow events over RabbitMQ).
        var needCommitted = Math.Round(8000m * fxRate, 2, MidpointRounding.ToEven);
        var needDisbursed = Math.Round(3000m * fxRate, 2, MidpointRounding.ToEven);
        await Eventually.GetAsync(() => secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}"),
            p => p.Amount("committed") == "8000.00" && p.Amount("disbursed") == "3000.00", TimeSpan.FromSeconds(15), "the pledge's trail");
        await Eventually.GetAsync(() => secretariat.GetObjectAsync($"api/v1/needs/{needId}"),
            n => decimal.Parse(n.Amount("committed"), CultureInfo.InvariantCulture) == needCommitted
                 && decimal.Parse(n.Amount("disbursed"), CultureInfo.InvariantCulture) == needDisbursed,
            TimeSpan.FromSeconds(15), "the need's trail");
        var summary = await Eventually.GetAsync(() => secretariat.GetObjectAsync("api/v1/summary"),
            s => s["byCountry"]!.AsArray().Any(r => r!["country"]!.GetValue<string>() == "PA"
                 && decimal.Parse(r["disbursedUsd"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= needDisbursed),
            TimeSpan.FromSeconds(15), "the summary's disbursed USD");
        Assert.NotNull(summary["totals"]!["committedUsd"]);

        var cancelled = await (await donor.PostAsync($"api/v1/flows/{flowId}/cancel", Json.Body("""{"reason":"Programme closed early"}""")))
            .ReadObjectAsync();

        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.NotNull(cancelled["cancellation"]!["releasedAt"]);
        var keptOnNeed = Math.Round(3000m * fxRate, 2, MidpointRounding.ToEven);
        var pledge = await Eventually.GetAsync(() => secretariat.GetObjectAsync($"api/v1/pledges/{pledgeId}"),
            p => p.Amount("committed") == "3000.00", TimeSpan.FromSeconds(15), "a cancelled commitment to stand for what was disbursed");
        Assert.Equal("3000.00", pledge.Amount("allocated"));
        Assert.Equal("3000.00", pledge.Amount("disbursed"));
        var need = await secretariat.GetObjectAsync($"api/v1/needs/{needId}");
        Assert.Equal(fundedAtApproval - needAmount + keptOnNeed,
            decimal.Parse(need.Amount("funded"), CultureInfo.InvariantCulture));
        var audit = await donor.GetObjectAsync($"api/v1/audit?entityId={flowId}");
        Assert.Equal(["flow.created", "flow.committed", "flow.disbursed", "flow.receipt-confirmed", "flow.cancelled", "flow.released"],
            audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
        Assert.Contains((await secretariat.GetObjectAsync($"api/v1/audit?entityId={pledgeId}"))["items"]!.AsArray(),
            e => e!["action"]!.GetValue<string>() == "pledge.allocation-released");

        // The released 7000.00 EUR is the pledge's again: matching proposes it anew.
        var again = await secretariat.ProposalsAsync($"pledgeId={pledgeId}", 1);
        Assert.All(again, p => Assert.True(decimal.Parse(p!.Amount("amount"), CultureInfo.InvariantCulture) <= 7000m));
    }

    [Fact]
    public async Task IdempotencyKey_ThroughTheGateway_ReplaysACreatedNeedInsteadOfPublishingItTwice()
    {
        var state = await _system.ClientAsync("state-hn");
        var body = """{"country":"HN","title":"Idempotent need","sector":"health","amount":{"amount":"1234.00","currency":"USD"},"instruments":["grant"],"priority":"low"}""";
        async Task<HttpResponseMessage> PostAsync(string json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/needs") { Content = Json.Body(json) };
            request.Headers.Add("Idempotency-Key", "hn-need-2026-11-29");
            return await state.SendAsync(request);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location!.ToString()).Distinct());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(body.Replace("1234.00", "1235.00"))).StatusCode);
        var page = await state.GetObjectAsync("api/v1/needs?country=HN&pageSize=200");
        Assert.Single(page["items"]!.AsArray(), n => n!["title"]!.GetValue<string>() == "Idempotent need");
    }
}
