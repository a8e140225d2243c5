using Google.Protobuf;

namespace Marketplace.Observability.Tests;

/// <summary>
/// Reads just the fields the tests need from OTLP/HTTP protobuf requests, with no generated code:
/// ExportTraceServiceRequest, ExportMetricsServiceRequest and ExportLogsServiceRequest
/// (opentelemetry-proto, collector/*/v1 and */v1). Unknown fields are skipped.
/// </summary>
public static class OtlpDecoder
{
    public static IEnumerable<ReceivedSpan> Spans(ByteString request) =>
        from resource in Messages(request, 1)
        let service = ServiceName(resource)
        from scope in Messages(resource, 2)
        let scopeName = String(Messages(scope, 1).FirstOrDefault() ?? ByteString.Empty, 1)
        from span in Messages(scope, 2)
        let fields = Fields(span)
        select new ReceivedSpan(service, scopeName, Hex(fields, 1), Hex(fields, 2), Hex(fields, 4), String(fields, 5),
            (SpanKind)fields.Where(f => f.Number == 6).Select(f => f.Scalar).FirstOrDefault());

    public static IEnumerable<ReceivedMetric> Metrics(ByteString request) =>
        from resource in Messages(request, 1)
        let service = ServiceName(resource)
        from scope in Messages(resource, 2)
        from metric in Messages(scope, 2)
        let fields = Fields(metric)
        let count = (from histogram in Messages(metric, 9)
                     from point in Messages(histogram, 1)
                     from field in Fields(point)
                     where field.Number == 4
                     select field.Scalar).Aggregate(0UL, (a, b) => a + b)
        select new ReceivedMetric(service, String(fields, 1), String(fields, 3), count);

    public static IEnumerable<ReceivedLog> Logs(ByteString request) =>
        from resource in Messages(request, 1)
        let service = ServiceName(resource)
        from scope in Messages(resource, 2)
        from record in Messages(scope, 2)
        let fields = Fields(record)
        select new ReceivedLog(service, String(Messages(record, 5).FirstOrDefault() ?? ByteString.Empty, 1), Hex(fields, 9), Hex(fields, 10));

    // Resource.attributes: KeyValue { key = 1; AnyValue value = 2 { string_value = 1 } }.
    private static string ServiceName(ByteString resourceEntry) =>
        (from resource in Messages(resourceEntry, 1)
         from attribute in Messages(resource, 1)
         where String(attribute, 1) == "service.name"
         select String(Messages(attribute, 2).FirstOrDefault() ?? ByteString.Empty, 1)).FirstOrDefault() ?? "";

    private static IEnumerable<ByteString> Messages(ByteString message, int number) =>
        Fields(message).Where(f => f.Number == number && f.Bytes is not null).Select(f => f.Bytes!);

    private static string String(ByteString message, int number) => String(Fields(message), number);

    private static string String(List<Field> fields, int number) =>
        fields.FirstOrDefault(f => f.Number == number && f.Bytes is not null)?.Bytes!.ToStringUtf8() ?? "";

    private static string Hex(List<Field> fields, int number) =>
        Convert.ToHexStringLower(fields.FirstOrDefault(f => f.Number == number && f.Bytes is not null)?.Bytes!.ToByteArray() ?? []);

    private static List<Field> Fields(ByteString message)
    {
        var fields = new List<Field>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    fields.Add(new Field(number, input.ReadBytes(), 0));
                    break;
                case WireFormat.WireType.Varint:
                    fields.Add(new Field(number, null, input.ReadUInt64()));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add(new Field(number, null, input.ReadFixed64()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }
        return fields;
    }

    private sealed record Field(int Number, ByteString? Bytes, ulong Scalar);
}
