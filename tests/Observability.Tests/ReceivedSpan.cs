namespace Marketplace.Observability.Tests;

/// <summary>One span as an OTLP exporter sent it: ids in lower-case hex, kind as the OTLP enum names it.</summary>
public sealed record ReceivedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, SpanKind Kind)
{
    public override string ToString() => $"{Service} {Kind} '{Name}' ({Scope}) {TraceId}/{SpanId} <- {ParentSpanId}";
}

/// <summary>OTLP <c>Span.SpanKind</c>.</summary>
public enum SpanKind
{
    Unspecified = 0,
    Internal = 1,
    Server = 2,
    Client = 3,
    Producer = 4,
    Consumer = 5,
}
