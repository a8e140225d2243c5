using Marketplace.TestSupport;

namespace Marketplace.Observability.Tests;

/// <summary>The meter "Marketplace" reaches both OTLP and the Prometheus scrape endpoint of each service.</summary>
[Collection(TracedSystemCollection.Name)]
public sealed class DomainMetricsTests(TracedSystemFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly MarketplaceProcesses _system = fixture.System;
    private readonly OtlpReceiver _receiver = fixture.Receiver;

    [Fact]
    public async Task MatchingRound_AfterNeedAndPledge_RecordsDurationOverOtlpAndOnMetrics()
    {
        var state = await _system.ClientAsync("state-cr");
        var donor = await _system.ClientAsync("donor-uy");
        var needId = await state.PostNeedAsync("CR", "3000.00", "education");
        (await donor.PostAsync("api/v1/pledges", Json.Body(TracedRequests.PledgeJson("3000.00", "CR", "education")))).EnsureSuccessStatusCode();

        await state.ProposalForNeedAsync(needId);

        var exported = await Eventually.GetAsync(() => Task.FromResult(_receiver.Metrics),
            metrics => metrics.Any(m => m.Service == "Matching" && m.Name == "marketplace.matching.round.duration" && m.HistogramCount > 0),
            Deadline, "the round duration histogram over OTLP");
        Assert.Equal("s", exported.First(m => m.Name == "marketplace.matching.round.duration").Unit);
        var scraped = await ScrapeAsync("matching", "marketplace_matching_round_duration_seconds_count");
        // Buckets in seconds, and every round says whether it was settled on the kept market or solved from nothing.
        Assert.Matches("marketplace_matching_round_duration_seconds_bucket\\{[^}]*mode=\"(full|incremental)\"[^}]*le=\"0\\.1\"\\}", scraped);
        Assert.Contains("marketplace_matching_proposals_total", scraped);
    }

    [Fact]
    public async Task PostNeedAndPledge_CountersAndOutboxLag_OnEachServicesMetrics()
    {
        var state = await _system.ClientAsync("state-pa");
        var donor = await _system.ClientAsync("donor-co");

        await state.PostNeedAsync("PA", "1000.00", "health");
        (await donor.PostAsync("api/v1/pledges", Json.Body(TracedRequests.PledgeJson("1000.00", "PA", "health")))).EnsureSuccessStatusCode();

        var needs = await ScrapeAsync("needs", "marketplace_needs_published_total{");
        var pledges = await ScrapeAsync("pledges", "marketplace_pledges_posted_total{");
        Assert.Contains("country=\"PA\"", needs);
        Assert.Contains("donor=\"CO\"", pledges);
        Assert.Contains("marketplace_outbox_lag_seconds", needs);
        Assert.Contains("marketplace_outbox_published_total", pledges);
        Assert.Contains("http_server_request_duration_seconds", pledges);
        Assert.Contains("dotnet_gc_collections_total", pledges);
        await Eventually.GetAsync(() => Task.FromResult(_receiver.Metrics),
            metrics => metrics.Any(m => m.Service == "Pledges" && m.Name == "marketplace.pledges.posted")
                && metrics.Any(m => m.Service == "Needs" && m.Name == "marketplace.needs.published")
                && metrics.Any(m => m.Service == "Needs" && m.Name == "marketplace.outbox.lag"),
            Deadline, "the domain counters and the outbox lag over OTLP");
    }

    private async Task<string> ScrapeAsync(string service, string expected)
    {
        using var http = new HttpClient();
        var uri = new Uri($"http://127.0.0.1:{_system.InternalPortOf(service)}/metrics");
        return await Eventually.GetAsync(() => http.GetStringAsync(uri), text => text.Contains(expected), Deadline,
            $"{expected} on {service}'s /metrics");
    }
}
