using System.Net;
using System.Xml.Linq;
using Marketplace.TestSupport;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// <c>GET /api/v1/exports/iati</c> through the gateway on the real system: two donors' approvals in two
/// currencies with commitments and disbursements become one valid IATI 2.03 activity with their transactions.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class IatiExportTests(SystemFixture fixture)
{
    private readonly MarketplaceProcesses _system = fixture.System;

    [Fact]
    public async Task Export_OfTwoDonorsCommittedAndDisbursedFlows_IsValidIati_WithPledgeCommitmentAndFundsTransactions()
    {
        var state = await _system.ClientAsync("state-hn");
        var canada = await _system.ClientAsync("donor-ca");
        var switzerland = await _system.ClientAsync("donor-ch");
        var secretariat = await _system.ClientAsync("secretariat");
        var needId = await state.PostNeedAsync("HN", "90000.00", "USD", sector: "local-governance", title: "E2E IATI export");
        var canadaFlow = await ApprovedFlowAsync(secretariat, canada, needId, "CAD");
        var swissFlow = await ApprovedFlowAsync(secretariat, switzerland, needId, "CHF");
        await CommitAsync(canada, canadaFlow, "2026-11-02", "CA-HN-01");
        await DisburseAsync(canada, canadaFlow, "2026-11-10", "4000.00", "CAD", "CA-T1");
        await DisburseAsync(canada, canadaFlow, "2026-11-20", "3000.00", "CAD", "CA-T2");
        await CommitAsync(switzerland, swissFlow, "2026-11-03", "CH-HN-01");
        await DisburseAsync(switzerland, swissFlow, "2026-11-12", "2500.00", "CHF", "CH-T1");

        var response = await state.GetAsync("api/v1/exports/iati?country=HN&from=2026-11-01");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.Empty(IatiReference.SchemaErrors(xml));
        var activity = XDocument.Parse(xml).Root!.Elements("iati-activity")
            .Single(a => a.Element("iati-identifier")!.Value.EndsWith("-" + needId, StringComparison.Ordinal));
        Assert.Equal("1", activity.Element("reporting-org")!.Attribute("secondary-reporter")!.Value);
        Assert.Equal("HN", activity.Element("recipient-country")!.Attribute("code")!.Value);
        Assert.Equal("2", activity.Element("activity-status")!.Attribute("code")!.Value);
        var transactions = activity.Elements("transaction")
            .Select(t => (Type: t.Element("transaction-type")!.Attribute("code")!.Value, Currency: t.Element("value")!.Attribute("currency")!.Value,
                Value: t.Element("value")!.Value, Provider: t.Element("provider-org")!.Attribute("ref")!.Value))
            .ToList();
        Assert.Equal(["13", "11", "1", "1", "13", "11", "1"], transactions.Select(t => t.Type));
        Assert.Equal([("1", "CAD", "4000.00"), ("1", "CAD", "3000.00"), ("1", "CHF", "2500.00")],
            transactions.Where(t => t.Type == "1").Select(t => (t.Type, t.Currency, t.Value)));
        Assert.Equal(["CAD", "CHF"], transactions.Where(t => t.Type == "11").Select(t => t.Currency));
        Assert.Equal(canadaFlow.Approved, transactions.First(t => t.Type == "11" && t.Currency == "CAD").Value);
        Assert.Equal(2, transactions.Select(t => t.Provider).Distinct().Count());
        Assert.Equal(["1", "1", "4"], activity.Elements("participating-org").Select(o => o.Attribute("role")!.Value));
    }

    [Fact]
    public async Task Export_WithBadDates_Is400ListingEachField_AndUntilBeforeFromIs400()
    {
        var client = await _system.ClientAsync("donor-ca");

        var bad = await client.GetAsync("api/v1/exports/iati?from=2026-13-01&until=yesterday&country=XX");
        var reversed = await client.GetAsync("api/v1/exports/iati?from=2026-11-02&until=2026-11-01");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.ReadObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["country", "from", "until"], errors.Select(e => e.Key).Order());
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.NotNull((await reversed.ReadObjectAsync())["errors"]!["until"]);
    }

    [Fact]
    public async Task Export_WithNoMatchingFlow_Is404Problem_AndWithoutTokenIs401()
    {
        var client = await _system.ClientAsync("donor-ca");
        using var anonymous = new HttpClient { BaseAddress = _system.Gateway };

        var none = await client.GetAsync("api/v1/exports/iati?from=1999-01-01&until=1999-12-31");
        var unauthenticated = await anonymous.GetAsync("api/v1/exports/iati");

        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType!.MediaType);
        Assert.Contains("No approved flow", (await none.ReadObjectAsync())["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    private sealed record ApprovedFlow(string Id, string Approved, string Currency);

    private static async Task<ApprovedFlow> ApprovedFlowAsync(HttpClient secretariat, HttpClient donor, string needId, string currency)
    {
        var pledgeId = await donor.PostPledgeAsync("10000.00", currency, "[\"HN\"]", "[\"local-governance\"]");
        var proposal = (await secretariat.ProposalsAsync($"needId={needId}&pledgeId={pledgeId}", 1)).Single()!;
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PostAsync($"api/v1/matches/{proposal["id"]}/approve", null)).StatusCode);
        var flow = (await Eventually.GetAsync(() => donor.GetObjectAsync($"api/v1/flows?needId={needId}&pledgeId={pledgeId}"),
            page => page["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(15), "the flow of the approval"))["items"]![0]!;
        return new ApprovedFlow(flow["id"]!.GetValue<string>(), flow.Amount("approved"), currency);
    }

    private static async Task CommitAsync(HttpClient donor, ApprovedFlow flow, string signedOn, string reference)
    {
        var response = await donor.PostAsync($"api/v1/flows/{flow.Id}/commitment", Json.Body($$"""
            {"signedOn":"{{signedOn}}","reference":"{{reference}}","amount":{"amount":"{{flow.Approved}}","currency":"{{flow.Currency}}"} }
            """));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task DisburseAsync(HttpClient donor, ApprovedFlow flow, string date, string amount, string currency, string reference)
    {
        var response = await donor.PostAsync($"api/v1/flows/{flow.Id}/disbursements", Json.Body($$"""
            {"date":"{{date}}","amount":{"amount":"{{amount}}","currency":"{{currency}}"},"reference":"{{reference}}"}
            """));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
