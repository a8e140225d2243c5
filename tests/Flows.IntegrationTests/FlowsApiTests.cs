using System.Net;
using System.Text.Json.Nodes;
using MassTransit.Testing;
using Marketplace.Flows.Contracts;
using Marketplace.Matching.Contracts;
using Marketplace.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Flows.IntegrationTests;

/// <summary>The money trail through the flows service's API, from an approval delivered as an event.</summary>
public sealed class FlowsApiTests(FlowsApiFactory factory) : IClassFixture<FlowsApiFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private ITestHarness Harness => factory.Services.GetRequiredService<ITestHarness>();

    private HttpClient Donor => factory.ClientAs("donor", "ES");

    /// <summary>Publishes an approval of 1000.00 EUR (1085.00 USD for the need in GT) and waits for its flow.</summary>
    private async Task<JsonObject> ApprovedFlowAsync(string donor = "ES", decimal amount = 1000m, decimal needAmount = 1085m)
    {
        var matchId = $"match_{Guid.NewGuid():N}";
        await Harness.Bus.Publish(Approval(matchId, donor, amount, needAmount));
        return await FlowOfAsync(matchId);
    }

    private static MatchApproved Approval(string matchId, string donor = "ES", decimal amount = 1000m, decimal needAmount = 1085m) =>
        new(matchId, $"need_{matchId}", $"pledge_{matchId}", "GT", donor, amount, "EUR", needAmount, "USD", "chair-1", "CO",
            DateTimeOffset.UtcNow, 1.0850000000m);

    private async Task<JsonObject> FlowOfAsync(string matchId)
    {
        var reader = factory.ClientAs("secretariat", "UNHCR-OAS");
        var page = await Eventually.GetAsync(
            async () => await (await reader.GetAsync($"/api/v1/flows?needId=need_{matchId}")).ReadObjectAsync(),
            p => p["items"]!.AsArray().Count > 0, Timeout, $"the flow of {matchId}");
        return page["items"]!.AsArray().Single()!.AsObject();
    }

    private static string Id(JsonObject flow) => flow["id"]!.GetValue<string>();

    private async Task<JsonObject> GetAsync(string flowId) =>
        await (await factory.ClientAs("secretariat", "UNHCR-OAS").GetAsync($"/api/v1/flows/{flowId}")).ReadObjectAsync();

    private static StringContent Commitment(string? amount = null) => Json.Body(amount is null
        ? """{"signedOn":"2026-11-02","reference":"AGR-1"}"""
        : $$$"""{"signedOn":"2026-11-02","reference":"AGR-1","amount":{"amount":"{{{amount}}}","currency":"EUR"}}""");

    private static StringContent Disbursement(string amount, string currency = "EUR", string date = "2026-11-03") =>
        Json.Body($$$"""{"date":"{{{date}}}","amount":{"amount":"{{{amount}}}","currency":"{{{currency}}}"},"reference":"TX"}""");

    [Fact]
    public async Task MatchApproved_CreatesOneApprovedFlowWithTheApprovalsAmounts()
    {
        var flow = await ApprovedFlowAsync();

        Assert.Equal("approved", flow["status"]!.GetValue<string>());
        Assert.Equal("GT", flow["country"]!.GetValue<string>());
        Assert.Equal("ES", flow["donor"]!.GetValue<string>());
        Assert.Equal("1000.00", flow["approved"]!["amount"]!.GetValue<string>());
        Assert.Equal("0.00", flow["committed"]!["amount"]!.GetValue<string>());
        Assert.Equal("1085.00", flow["need"]!["approved"]!["amount"]!.GetValue<string>());
        Assert.Null(flow["commitment"]);
        Assert.Empty(flow["disbursements"]!.AsArray());
        Assert.True(await Harness.Published.Any<FlowCreated>(m => m.Context.Message.Flow.Id == Id(flow)));
    }

    [Fact]
    public async Task MatchApproved_DeliveredTwiceAndAgainAfterTheFlowMoved_LeavesOneFlowUnchanged()
    {
        var matchId = $"match_{Guid.NewGuid():N}";
        await Task.WhenAll(Harness.Bus.Publish(Approval(matchId)), Harness.Bus.Publish(Approval(matchId)));
        var flow = await FlowOfAsync(matchId);
        Assert.Equal(HttpStatusCode.OK, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment())).StatusCode);

        await Harness.Bus.Publish(Approval(matchId));
        Assert.True(await Harness.Consumed.Any<MatchApproved>(m => m.Context.Message.MatchId == matchId));
        await Eventually.GetAsync(async () => await Harness.Consumed.SelectAsync<MatchApproved>(m => m.Context.Message.MatchId == matchId).Count(),
            n => n == 3, Timeout, "the three deliveries to be consumed");

        var page = await (await Donor.GetAsync($"/api/v1/flows?needId=need_{matchId}")).ReadObjectAsync();
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal("committed", page["items"]![0]!["status"]!.GetValue<string>());
        Assert.False(await Harness.Published.Any<MassTransit.Fault<MatchApproved>>());
    }

    [Fact]
    public async Task Disbursements_FiftyConcurrentAgainstOneCommitment_NeverExceedIt()
    {
        var flow = await ApprovedFlowAsync();
        await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment("300.00"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Task.Run(() => factory.ClientAs("donor", "ES").PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("10.00")))));

        Assert.Equal(30, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var after = await GetAsync(Id(flow));
        Assert.Equal("300.00", after["disbursed"]!["amount"]!.GetValue<string>());
        Assert.Equal(30, after["disbursements"]!.AsArray().Count);
        Assert.Equal("disbursed", after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Disbursement_ReturnsCreatedWithLocation_ThatReadsTheDisbursement()
    {
        var flow = await ApprovedFlowAsync();
        await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment());

        var created = await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("250.50"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadObjectAsync();
        Assert.Equal($"/api/v1/flows/{Id(flow)}/disbursements/{body["id"]}", created.Headers.Location!.OriginalString);
        var read = await (await Donor.GetAsync(created.Headers.Location)).ReadObjectAsync();
        Assert.Equal("250.50", read["amount"]!["amount"]!.GetValue<string>());
        Assert.Equal("partially-disbursed", (await GetAsync(Id(flow)))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task IdempotencyKey_TenParallelIdenticalDisbursements_CountOnce_AndADifferentBodyIs422()
    {
        var flow = await ApprovedFlowAsync();
        await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment());

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            var client = factory.ClientAs("donor", "ES");
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/flows/{Id(flow)}/disbursements") { Content = Disbursement("100.00") };
            request.Headers.Add("Idempotency-Key", "wire-2026-11-03");
            return await client.SendAsync(request);
        })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Single(responses.Select(r => r.Headers.Location!.OriginalString).Distinct());
        Assert.Equal(9, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal("100.00", (await GetAsync(Id(flow)))["disbursed"]!["amount"]!.GetValue<string>());

        var different = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/flows/{Id(flow)}/disbursements") { Content = Disbursement("100.01") };
        different.Headers.Add("Idempotency-Key", "wire-2026-11-03");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Donor.SendAsync(different)).StatusCode);
        var sameKeyOtherDonor = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/flows/{Id(flow)}/disbursements") { Content = Disbursement("100.01") };
        sameKeyOtherDonor.Headers.Add("Idempotency-Key", "wire-2026-11-03");
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("donor", "FR").SendAsync(sameKeyOtherDonor)).StatusCode);
        Assert.Equal("100.00", (await GetAsync(Id(flow)))["disbursed"]!["amount"]!.GetValue<string>());
    }

    [Fact]
    public async Task IdempotencyKey_ReorderedJsonIsTheSameRequest_AndAnInvalidKeyIs400()
    {
        var flow = await ApprovedFlowAsync();
        await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment());
        HttpRequestMessage Post(string json, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/flows/{Id(flow)}/disbursements") { Content = Json.Body(json) };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            return request;
        }

        var first = await Donor.SendAsync(Post("""{"date":"2026-11-03","amount":{"amount":"5.00","currency":"EUR"},"reference":"TX"}""", "k-1"));
        var again = await Donor.SendAsync(Post("""{ "reference": "TX", "amount": {"currency":"EUR","amount":"5.00"}, "date": "2026-11-03" }""", "k-1"));
        var tooLong = await Donor.SendAsync(Post("""{"date":"2026-11-03","amount":{"amount":"5.00","currency":"EUR"},"reference":"TX"}""", new string('k', 256)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("Idempotency-Key", (await tooLong.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("5.00", (await GetAsync(Id(flow)))["disbursed"]!["amount"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cancel_AfterAPartialDisbursement_ReleasesExactlyTheRemainderOnBothSides()
    {
        var flow = await ApprovedFlowAsync();
        await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment("800.00"));
        await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("333.33"));

        var cancelled = await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/cancel", Json.Body("""{"reason":"project stopped"}"""));

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.ReadObjectAsync();
        Assert.Equal("cancelled", body["status"]!.GetValue<string>());
        Assert.Equal("666.67", body["cancellation"]!["released"]!["amount"]!.GetValue<string>());
        // 333.33 EUR × 1.085 = 361.66305 → 361.66 USD stays funded; 1085.00 − 361.66 goes back.
        Assert.Equal("723.34", body["cancellation"]!["needReleased"]!["amount"]!.GetValue<string>());
        Assert.NotNull(body["cancellation"]!["releasedAt"]);
        var pledge = Assert.Single(factory.Releases.PledgeReleases, r => r.MatchId == body["matchId"]!.GetValue<string>());
        var need = Assert.Single(factory.Releases.NeedReleases, r => r.MatchId == body["matchId"]!.GetValue<string>());
        Assert.Equal(("333.33", "EUR"), (pledge.KeepAmount, pledge.KeepCurrency));
        Assert.Equal(("361.66", "USD"), (need.KeepAmount, need.KeepCurrency));
        Assert.Equal(HttpStatusCode.Conflict, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/cancel", Json.Body("""{"reason":"again"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("1.00"))).StatusCode);
    }

    [Fact]
    public async Task Cancel_WhileTheServicesAreUnreachable_IsReleasedLaterByRecovery()
    {
        var flow = await ApprovedFlowAsync();
        factory.Releases.Unavailable = true;
        try
        {
            var cancelled = await (await factory.ClientAs("secretariat", "UNHCR-OAS")
                .PostAsync($"/api/v1/flows/{Id(flow)}/cancel", Json.Body("""{"reason":"donor withdrew"}"""))).ReadObjectAsync();
            Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
            Assert.Null(cancelled["cancellation"]!["releasedAt"]);
        }
        finally
        {
            factory.Releases.Unavailable = false;
        }

        var released = await Eventually.GetAsync(() => GetAsync(Id(flow)), f => f["cancellation"]!["releasedAt"] is not null, Timeout, "the release");
        Assert.Equal("1000.00", released["cancellation"]!["released"]!["amount"]!.GetValue<string>());
        var pledge = Assert.Single(factory.Releases.PledgeReleases, r => r.MatchId == released["matchId"]!.GetValue<string>());
        Assert.Equal("0.00", pledge.KeepAmount);
        var audit = await (await factory.ClientAs("secretariat", "UNHCR-OAS").GetAsync($"/api/v1/audit?entityId={Id(flow)}")).ReadObjectAsync();
        Assert.Equal(["flow.created", "flow.cancelled", "flow.released"], audit["items"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Receipt_ByTheNeedsState_IsRecordedOnce_AndTheTrailIsAudited()
    {
        var flow = await ApprovedFlowAsync();
        await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment());
        var disbursement = await (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("1000.00"))).ReadObjectAsync();
        var receipt = $"/api/v1/flows/{Id(flow)}/disbursements/{disbursement["id"]}/receipt";
        var state = factory.ClientAs("state", "GT");

        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("state", "SV").PostAsync(receipt, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Donor.PostAsync(receipt, null)).StatusCode);
        var first = await (await state.PostAsync(receipt, null)).ReadObjectAsync();
        var second = await state.PostAsync(receipt, null);
        Assert.Equal(HttpStatusCode.NotFound, (await state.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements/disb_x/receipt", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first["version"]!.GetValue<long>(), (await second.ReadObjectAsync())["version"]!.GetValue<long>());
        Assert.NotNull(first["disbursements"]![0]!["receivedAt"]);
        Assert.Equal("disbursed", first["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict,
            (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/cancel", Json.Body("""{"reason":"late"}"""))).StatusCode);
        var audit = await (await state.GetAsync($"/api/v1/audit?entityId={Id(flow)}")).ReadObjectAsync();
        Assert.Equal(["flow.created", "flow.committed", "flow.disbursed", "flow.receipt-confirmed"],
            audit["items"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("donor", "FR").GetAsync($"/api/v1/audit?entityId={Id(flow)}")).StatusCode);
    }

    [Fact]
    public async Task Steps_ByTheWrongCaller_AreForbidden_AndTheFundManagerActsForFundFlows()
    {
        var flow = await ApprovedFlowAsync();
        var fund = await ApprovedFlowAsync(donor: "MIRPS-FUND");

        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("donor", "FR").PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("chair", "ES").PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("state", "GT").PostAsync($"/api/v1/flows/{Id(flow)}/cancel", Json.Body("""{"reason":"x"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Donor.PostAsync($"/api/v1/flows/{Id(fund)}/commitment", Commitment())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientAs("fund-manager", "MIRPS-FUND").PostAsync($"/api/v1/flows/{Id(fund)}/commitment", Commitment())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Donor.PostAsync("/api/v1/flows/flow_missing/commitment", Commitment())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/v1/flows")).StatusCode);
    }

    [Theory]
    [InlineData("""{"signedOn":"2026-13-01","reference":"A"}""", "signedOn")]
    [InlineData("""{"signedOn":"2026-11-02","reference":"A","amount":{"amount":"10.00","currency":"USD"}}""", "amount.currency")]
    [InlineData("""{"signedOn":"2026-11-02","reference":"A","amount":{"amount":"10.005","currency":"EUR"}}""", "amount.amount")]
    public async Task Commitment_BadInput_Is400AndStoresNothing(string json, string field)
    {
        var flow = await ApprovedFlowAsync();

        var response = await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Json.Body(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key));
        var after = await GetAsync(Id(flow));
        Assert.Equal(("approved", 1L), (after["status"]!.GetValue<string>(), after["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Conflicts_OverTheApproval_ASecondCommitment_AndDisbursingBeforeOrPastTheCommitment_StoreNothing()
    {
        var flow = await ApprovedFlowAsync();

        Assert.Equal(HttpStatusCode.Conflict, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("1.00"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment("1000.01"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment("500.00"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/commitment", Commitment("500.00"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("500.01"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("1.00", "USD"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Donor.PostAsync($"/api/v1/flows/{Id(flow)}/disbursements", Disbursement("1.00", date: "2026-02-29"))).StatusCode);

        var after = await GetAsync(Id(flow));
        Assert.Equal(("committed", 2L, "0.00"),
            (after["status"]!.GetValue<string>(), after["version"]!.GetValue<long>(), after["disbursed"]!["amount"]!.GetValue<string>()));
    }

    [Fact]
    public async Task List_FiltersAndPagesAndRejectsBadFilters()
    {
        var a = await ApprovedFlowAsync(donor: "CA");
        var b = await ApprovedFlowAsync(donor: "CA");
        var client = factory.ClientAs("donor", "CA");

        var first = await (await client.GetAsync("/api/v1/flows?donor=CA&pageSize=1")).ReadObjectAsync();
        var second = await (await client.GetAsync($"/api/v1/flows?donor=CA&pageSize=1&pageToken={first["nextPageToken"]}")).ReadObjectAsync();

        Assert.Equal([Id(a), Id(b)], first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(f => f!["id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/flows?status=paid")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/flows?pageSize=201")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/flows?country=XX")).StatusCode);
        var etag = (await client.GetAsync($"/api/v1/flows/{Id(a)}")).Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryFlowOperation_AndTheListAnswersCsv()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).ReadObjectAsync();
        var paths = document["paths"]!.AsObject();
        Assert.Equal(["get"], paths["/api/v1/flows"]!.AsObject().Select(p => p.Key));
        Assert.Contains("post", paths["/api/v1/flows/{id}/disbursements"]!.AsObject().Select(p => p.Key));
        Assert.Contains("post", paths["/api/v1/flows/{id}/cancel"]!.AsObject().Select(p => p.Key));

        var flow = await ApprovedFlowAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/flows?needId={flow["needId"]}");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await Donor.SendAsync(request)).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,matchId,needId,pledgeId,country,donor,approved.amount,approved.currency", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{Id(flow)},", lines[1]);
    }
}
