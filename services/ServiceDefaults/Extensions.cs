using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// Cross-cutting defaults every marketplace host shares: OpenTelemetry (traces, metrics, logs),
/// health endpoints and standard HTTP client resilience. Nothing domain- or auth-specific lives here.
/// </summary>
public static class Extensions
{
    /// <summary>Tag on health checks that must pass for <c>/health/ready</c> (stores, broker, upstreams).</summary>
    public const string ReadyTag = "ready";

    /// <summary>ActivitySource and Meter name shared by the marketplace's own domain telemetry.</summary>
    public const string TelemetrySourceName = "Marketplace";

    /// <summary>Adds OpenTelemetry, health checks and service discovery defaults.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    private static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        // Every log record carries the trace and span ids of the activity it was written in, so that a log
        // line can be joined to its trace: as TraceId/SpanId fields over OTLP, as a scope on the console.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // The console formatters print scopes (and with them the trace ids) only when asked to. JSON lines
        // unless Logging:Console:FormatterName chooses another formatter (e.g. "simple" for reading by eye).
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Json);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetrySourceName, "MassTransit")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                // "Yarp.ReverseProxy": the gateway's forwarding span between its server span and the proxied call.
                .AddSource(builder.Environment.ApplicationName, TelemetrySourceName, "MassTransit", "Yarp.ReverseProxy")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsProbe(ctx.Request.Path))
                .AddGrpcClientInstrumentation()
                // Readiness probes (the gateway asks every service) would otherwise each start a trace of their own.
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    request.RequestUri is null || !IsProbe(request.RequestUri.AbsolutePath)));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        return builder;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");

    /// <summary>Name of the Kestrel endpoint (<c>Kestrel:Endpoints:Metrics:Url</c>) that is the process's internal port.</summary>
    public const string InternalEndpointName = "Metrics";

    /// <summary>
    /// Maps <c>/health/live</c> and <c>/health/ready</c> (anonymous; the status only, no check names, error text or
    /// host names), and, on the internal port named by <c>Kestrel:Endpoints:Metrics:Url</c> only, the Prometheus
    /// scrape endpoint <c>/metrics</c> and <c>/health/details</c> (every check with its description). Without an
    /// internal port neither is served: nothing meant for operators is ever on the public port.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("live"),
            ResponseWriter = HealthResponseWriter.WriteStatusAsync,
        }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteStatusAsync,
        }).AllowAnonymous();

        if (InternalPort(app.Configuration) is { } port)
        {
            var internalHost = $"*:{port}";
            app.MapPrometheusScrapingEndpoint("/metrics").RequireHost(internalHost).AllowAnonymous();
            app.MapHealthChecks("/health/details", new HealthCheckOptions
            {
                Predicate = c => c.Tags.Contains(ReadyTag),
                ResponseWriter = HealthResponseWriter.WriteDetailsAsync,
            }).RequireHost(internalHost).AllowAnonymous();
        }
        return app;
    }

    /// <summary>The port of the internal endpoint, or null when none is configured.</summary>
    public static int? InternalPort(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration[$"Kestrel:Endpoints:{InternalEndpointName}:Url"] is { Length: > 0 } url
            && BindingAddress.Parse(url) is { Port: > 0 } address
            ? address.Port
            : null;
}
