namespace Marketplace.Observability.Tests;

/// <summary>One OTLP log record: its body and the trace and span it was written in (empty when none).</summary>
public sealed record ReceivedLog(string Service, string Body, string TraceId, string SpanId)
{
    public override string ToString() => $"{Service} {TraceId}/{SpanId} {Body}";
}
