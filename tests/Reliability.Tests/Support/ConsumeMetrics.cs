using System.Globalization;
using System.Text.RegularExpressions;
using Marketplace.TestSupport;

namespace Marketplace.Reliability.Tests.Support;

/// <summary>
/// Counters of the services' Prometheus endpoints: how many messages of a type the matching service's consumers
/// have handled (MassTransit's <c>messaging.masstransit.consume</c>: deliveries, not effects), and how many publishing
/// channels a service's outbox retired after the broker refused a publish.
/// </summary>
public static partial class ConsumeMetrics
{
    [GeneratedRegex(@"^messaging_masstransit_consume_(?!errors|retries|active|duration)([a-z]+_)?total\{")]
    private static partial Regex ConsumeCounterPattern();

    private static readonly Regex ConsumeCounter = ConsumeCounterPattern();

    public static async Task<long> ConsumedAsync(MarketplaceProcesses system, string messageType)
    {
        var text = await MetricsAsync(system, "matching");
        return text.Split('\n')
            .Where(line => ConsumeCounter.IsMatch(line) && line.Contains($"{messageType}\"", StringComparison.Ordinal))
            .Sum(Value);
    }

    public static async Task<long> ChannelsReplacedAsync(MarketplaceProcesses system, string service)
    {
        var text = await MetricsAsync(system, service);
        return text.Split('\n').Where(line => line.StartsWith("marketplace_outbox_channels_replaced", StringComparison.Ordinal)).Sum(Value);
    }

    private static async Task<string> MetricsAsync(MarketplaceProcesses system, string service)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"http://127.0.0.1:{system.InternalPortOf(service)}/metrics");
    }

    private static long Value(string line) =>
        (long)double.Parse((line.Contains('}') ? line[(line.LastIndexOf('}') + 1)..] : line[line.IndexOf(' ')..]).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
