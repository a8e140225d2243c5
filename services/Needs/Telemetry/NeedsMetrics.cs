using System.Diagnostics.Metrics;
using Marketplace.Needs.Domain;

namespace Marketplace.Needs.Telemetry;

/// <summary>The needs service's domain metrics (meter <c>Marketplace</c>).</summary>
public sealed class NeedsMetrics
{
    private readonly Counter<long> _published;

    public NeedsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaults.Extensions.TelemetrySourceName);
        _published = meter.CreateCounter<long>("marketplace.needs.published", "{need}", "Needs published by member states.");
    }

    // Country, sector and priority are closed code lists, so the tags stay low-cardinality.
    public void Published(NeedDraft need) => _published.Add(1,
        new KeyValuePair<string, object?>("country", need.Country),
        new KeyValuePair<string, object?>("sector", need.Sector),
        new KeyValuePair<string, object?>("priority", need.Priority));
}
