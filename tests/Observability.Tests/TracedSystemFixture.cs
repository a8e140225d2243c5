using Marketplace.TestSupport;

namespace Marketplace.Observability.Tests;

/// <summary>
/// The real system as processes, every one of them exporting traces, metrics and logs over OTLP/HTTP to
/// an <see cref="OtlpReceiver"/>, with short export intervals so that telemetry arrives within a second.
/// </summary>
public sealed class TracedSystemFixture : IAsyncLifetime
{
    public MarketplaceProcesses System { get; } = new();

    public OtlpReceiver Receiver { get; } = new();

    public async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        await System.StartAsync(everyProcess: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            // The request log lines, so that the gateway writes a log record inside every request it serves.
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
    }

    public async Task DisposeAsync()
    {
        await System.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TracedSystemCollection : ICollectionFixture<TracedSystemFixture>
{
    public const string Name = "traced-system";
}
