namespace Marketplace.Observability.Tests;

/// <summary>
/// One metric of one export: its name and unit, and for histograms the total count of recordings over
/// the data points (cumulative temporality: it only grows).
/// </summary>
public sealed record ReceivedMetric(string Service, string Name, string Unit, ulong HistogramCount)
{
    public override string ToString() => $"{Service} {Name} [{Unit}] count={HistogramCount}";
}
