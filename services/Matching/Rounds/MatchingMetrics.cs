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
        _roundDuration = meter.CreateHistogram<double>("marketplace.matching.round.duration", "s", "Duration of a matching round.");
        _proposals = meter.CreateCounter<long>("marketplace.matching.proposals", "{match}", "Proposals made by matching rounds.");
        _superseded = meter.CreateCounter<long>("marketplace.matching.superseded", "{match}", "Proposals superseded by later rounds.");
        _decisions = meter.CreateCounter<long>("marketplace.matching.decisions", "{match}", "Approvals and rejections, by outcome.");
    }

    public void RoundCompleted(TimeSpan duration, int added, int superseded)
    {
        _roundDuration.Record(duration.TotalSeconds);
        _proposals.Add(added);
        _superseded.Add(superseded);
    }

    public void Decided(string outcome) => _decisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
