namespace Marketplace.Observability.Tests;

/// <summary>The spans of one trace received so far, with the parent links between them.</summary>
public sealed class ReceivedTrace(IReadOnlyList<ReceivedSpan> spans)
{
    public IReadOnlyList<ReceivedSpan> Spans => spans;

    public IEnumerable<ReceivedSpan> Where(string service, SpanKind kind) => spans.Where(s => s.Service == service && s.Kind == kind);

    /// <summary>True when <paramref name="ancestor"/> is on the parent chain of <paramref name="span"/>.</summary>
    public bool Descends(ReceivedSpan span, ReceivedSpan ancestor)
    {
        var bySpanId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        for (var current = span; bySpanId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId) return true;
        }
        return false;
    }

    public override string ToString() => string.Join("\n", spans);
}
