using System.Diagnostics.Metrics;
using Marketplace.Pledges.Domain;

namespace Marketplace.Pledges.Telemetry;

/// <summary>The pledges service's domain metrics (meter <c>Marketplace</c>).</summary>
public sealed class PledgesMetrics
{
    private readonly Counter<long> _posted;

    public PledgesMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaults.Extensions.TelemetrySourceName);
        _posted = meter.CreateCounter<long>("marketplace.pledges.posted", "{pledge}", "Pledges posted by donors.");
    }

    // Donor organisations and instruments are closed code lists, so the tags stay low-cardinality.
    public void Posted(Pledge pledge) => _posted.Add(1,
        new KeyValuePair<string, object?>("donor", pledge.Donor),
        new KeyValuePair<string, object?>("instrument", pledge.Fields.Instrument));
}
