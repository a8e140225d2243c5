using System.Diagnostics.Metrics;

namespace Marketplace.Matching.Rounds;

/// <summary>The matching service's domain metrics (meter <c>Marketplace</c>).</summary>
public sealed class MatchingMetrics
{
    private readonly Histogram<double> _roundDuration;
    private readonly Counter<long> _proposals;
    private readonly Counter<long> _superseded;
    private readonly Counter<long> _decisions;

    public MatchingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaults.Extensions.TelemetrySourceName);
        // Seconds, not the SDK's default boundaries (0–10 000, meant for milliseconds): rounds take milliseconds to seconds.
        _roundDuration = meter.CreateHistogram("marketplace.matching.round.duration", "s", "Duration of a matching round.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _proposals = meter.CreateCounter<long>("marketplace.matching.proposals", "{match}", "Proposals made by matching rounds.");
        _superseded = meter.CreateCounter<long>("marketplace.matching.superseded", "{match}", "Proposals superseded by later rounds.");
        _decisions = meter.CreateCounter<long>("marketplace.matching.decisions", "{match}", "Approvals and rejections, by outcome.");
    }

    public void RoundCompleted(TimeSpan duration, int added, int superseded, string mode)
    {
        _roundDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("mode", mode));
        _proposals.Add(added);
        _superseded.Add(superseded);
    }

    public void Decided(string outcome) => _decisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
