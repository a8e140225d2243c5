using System.Globalization;
using System.Text.RegularExpressions;
using Marketplace.TestSupport;

namespace Marketplace.Reliability.Tests.Support;

/// <summary>
/// How many messages of a type the matching service's consumers have handled, from MassTransit's
/// <c>messaging.masstransit.consume</c> counter on its Prometheus endpoint: deliveries, not effects.
/// </summary>
public static partial class ConsumeMetrics
{
    [GeneratedRegex(@"^messaging_masstransit_consume_(?!errors|retries|active|duration)([a-z]+_)?total\{")]
    private static partial Regex ConsumeCounterPattern();

    private static readonly Regex ConsumeCounter = ConsumeCounterPattern();

    public static async Task<long> ConsumedAsync(MarketplaceProcesses system, string messageType)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{system.InternalPortOf("matching")}/metrics");
        return text.Split('\n')
            .Where(line => ConsumeCounter.IsMatch(line) && line.Contains($"{messageType}\"", StringComparison.Ordinal))
            .Sum(line => (long)double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }
}
