using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.TestSupport;

/// <summary>
/// Generates request bodies from a valid one with a seeded <see cref="Random"/>, so a failure is
/// reproducible from the seed and index: structural mutations (dropped fields, wrong types, nulls,
/// extra and server-owned fields, huge or hostile strings), raw-text damage (truncation, bad escapes,
/// lone surrogates, invalid UTF-8, deep nesting, duplicate keys), random bytes, empty bodies and wrong
/// content types. Some bodies are left valid so that the API also has something to accept.
/// </summary>
public sealed class RequestFuzzer(int seed, Func<Random, JsonObject> validBody)
{
    private const string RawMarker = "@@raw@@";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/merge-patch+json",
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/jsonp", "json", "application/json; charset=utf-16", "*/*", "",
    ];

    private static readonly string[] ExtraFieldNames =
    [
        "id", "status", "funded", "remaining", "version", "createdAt", "updatedAt", "donor", "allocated",
        "foo", "", " ", "Title", "TITLE", "__proto__", "constructor", "$where", "amount.amount", "country ",
        "\u0000", "ñandú", "🌎", new string('k', 300),
    ];

    private static readonly string[] StringValues =
    [
        "", " ", "   ", "\t", "\n", "x", "GT", "gt", "HN", "US", "XX", "health", "roads", "grant", "loan", "in-kind",
        "critical", "urgent", "low", "USD", "usd", "JPY", "XXX", "EUR",
        "0", "0.00", "-1", "1", "0.01", "0.001", "1e5", " 1", "1,000.00", "999999999999999.99", "1000000000000000.00",
        "100.5", "NaN", "Infinity", "-0", "0x10", "+1", "1.", ".5", "１００", "١٢٣",
        new string('9', 28), new string('9', 29), new string('9', 40), "0." + new string('0', 37) + "1",
        "2026-02-30", "2026-13-01", "26-01-01", "2026-01-01", "2026-12-31", "2026-1-1", "9999-12-31", "0001-01-01",
        "\u0000", "a\u0007b", "\u001b[31mred", "\u202eevil", "\u200b", "\ufeff", "e\u0301", "🌎", "👩‍👩‍👧‍👦", "ñandú",
        "<script>alert(1)</script>", "'; DROP TABLE needs; --", "{\"$ne\": null}", "../../etc/passwd", "%00", "\\",
    ];

    private static readonly string[] RawValues =
    [
        "\"\\ud800\"", "\"abc\\udfff\"", "\"\\ud83d\"", "\"\\udc00\\ud800\"", "\"\\x41\"", "\"\\u00\"", "\"\\u12G4\"",
        "\"tab\tinside\"", "\"nl\ninside\"", "\"\u0001\"", "1e400", "-1e400", "1e-400", "01", "-", "+1", ".5", "NaN",
        "Infinity", "tru", "nul", "\"unterminated", "[1,]", "{\"a\":1,}", "{\"a\":1,\"a\":2}", "// comment\n1", "0x10",
        "123456789012345678901234567890", "1.7976931348623157e309", "-0", "[[]]", "{\"\":{}}",
    ];

    private readonly Random _random = new(seed);

    public int Seed => seed;

    public IEnumerable<FuzzedRequest> Generate(int count)
    {
        for (var i = 0; i < count; i++) yield return Next(i);
    }

    private FuzzedRequest Next(int index)
    {
        var mutations = new List<string>();
        var body = validBody(_random);
        byte[] bytes;
        var roll = _random.Next(100);
        if (roll < 10)
        {
            mutations.Add("valid");
            bytes = Serialize(body);
        }
        else if (roll < 65)
        {
            var raw = new List<string>();
            for (var n = 1 + _random.Next(3); n > 0; n--) mutations.Add(MutateStructure(body, raw));
            bytes = Serialize(body, raw);
        }
        else if (roll < 90)
        {
            var raw = new List<string>();
            if (_random.Next(2) == 0) mutations.Add(MutateStructure(body, raw));
            bytes = Serialize(body, raw);
            mutations.Add(DamageText(ref bytes));
        }
        else if (roll < 96)
        {
            mutations.Add("random-bytes");
            bytes = new byte[_random.Next(1, 2000)];
            _random.NextBytes(bytes);
            if (_random.Next(2) == 0) bytes[0] = (byte)'{';
        }
        else
        {
            mutations.Add("empty");
            bytes = [];
        }

        var contentType = "application/json";
        if (_random.Next(100) < 12)
        {
            contentType = _random.Next(10) == 0 ? null : Pick(ContentTypes);
            mutations.Add($"content-type:{contentType ?? "none"}");
        }
        return new FuzzedRequest(index, string.Join(", ", mutations), bytes, contentType);
    }

    private string MutateStructure(JsonObject body, List<string> raw)
    {
        var (parent, name) = PickField(body);
        switch (_random.Next(11))
        {
            case 0:
                if (name is null) return "noop";
                parent.Remove(name);
                return $"drop:{name}";
            case 1:
                if (name is null) return "noop";
                parent[name] = null;
                return $"null:{name}";
            case 2:
                parent[name ?? "x"] = WrongType();
                return $"wrong-type:{name}";
            case 3:
                parent[name ?? "x"] = Pick(StringValues);
                return $"string:{name}";
            case 4:
                parent[name ?? "x"] = HugeString();
                return $"huge:{name}";
            case 5:
                parent[name ?? "x"] = HostileString();
                return $"hostile:{name}";
            case 6:
            {
                var extra = Pick(ExtraFieldNames);
                parent[extra] = _random.Next(2) == 0 ? Pick(StringValues) : WrongType();
                return $"extra:{extra}";
            }
            case 7:
                parent[name ?? "x"] = RawSlot(raw, Pick(RawValues));
                return $"raw:{name}";
            case 8:
            {
                var depth = _random.Next(2) == 0 ? _random.Next(2, 20) : _random.Next(20, 3000);
                var array = _random.Next(2) == 0;
                var nested = array
                    ? new string('[', depth) + "1" + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                parent[name ?? "x"] = RawSlot(raw, nested);
                return $"nest:{name}:{depth}";
            }
            case 9:
                if (name is not null && parent[name] is JsonArray array2)
                {
                    array2.Add(array2.Count > 0 && _random.Next(2) == 0 ? array2[0]!.DeepClone() : WrongType());
                    return $"array-append:{name}";
                }
                parent[name ?? "x"] = new JsonArray(Pick(StringValues), Pick(StringValues));
                return $"array:{name}";
            default:
                parent[name ?? "x"] = _random.Next(2) == 0 ? _random.NextInt64(long.MinValue, long.MaxValue) : _random.NextDouble() * 1e6;
                return $"number:{name}";
        }
    }

    private string DamageText(ref byte[] bytes)
    {
        switch (_random.Next(6))
        {
            case 0:
                bytes = bytes[..(bytes.Length == 0 ? 0 : _random.Next(bytes.Length))];
                return "truncate";
            case 1:
                for (var n = 1 + _random.Next(4); n > 0 && bytes.Length > 0; n--) bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
                return "flip-bytes";
            case 2:
            {
                byte[][] invalid = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x9F, 0x8C], [0xED, 0xA0, 0x80], [0xC0, 0xAF]];
                var at = bytes.Length == 0 ? 0 : _random.Next(bytes.Length);
                bytes = [.. bytes[..at], .. Pick(invalid), .. bytes[at..]];
                return "invalid-utf8";
            }
            case 3:
            {
                var text = Encoding.UTF8.GetString(bytes);
                var brace = text.IndexOf('{');
                text = brace < 0 ? text : text.Insert(brace + 1, "\"title\":\"dup\",\"title\":\"dup\",");
                bytes = Encoding.UTF8.GetBytes(text);
                return "duplicate-key";
            }
            case 4:
            {
                string[] tails = [",", "}", "]", " garbage", "{}", "\u0000", "/* c */", ",\"x\":"];
                bytes = [.. bytes, .. Encoding.UTF8.GetBytes(Pick(tails))];
                return "trailing";
            }
            default:
            {
                var text = Encoding.UTF8.GetString(bytes);
                var close = text.LastIndexOf('}');
                text = close < 0 ? text : text.Insert(close, ",");
                bytes = Encoding.UTF8.GetBytes(text);
                return "trailing-comma";
            }
        }
    }

    /// <summary>A top-level field, or one inside a nested object (the money fields), or (parent, null) when there is none.</summary>
    private (JsonObject Parent, string? Name) PickField(JsonObject body)
    {
        if (body.Count == 0) return (body, null);
        var name = body.ElementAt(_random.Next(body.Count)).Key;
        if (body[name] is JsonObject nested && nested.Count > 0 && _random.Next(2) == 0)
        {
            return (nested, nested.ElementAt(_random.Next(nested.Count)).Key);
        }
        return (body, name);
    }

    private JsonNode? WrongType() => _random.Next(9) switch
    {
        0 => null,
        1 => JsonValue.Create(_random.Next(2) == 0),
        2 => JsonValue.Create(_random.Next(-1000, 1000)),
        3 => JsonValue.Create(_random.NextDouble() * Math.Pow(10, _random.Next(-10, 300))),
        4 => new JsonArray(),
        5 => new JsonObject(),
        6 => new JsonObject { ["amount"] = Pick(StringValues), ["currency"] = Pick(StringValues) },
        7 => new JsonArray(JsonValue.Create(1), null, JsonValue.Create("x")),
        _ => JsonValue.Create(long.MaxValue),
    };

    private string HugeString() => new((char)_random.Next('a', 'z' + 1), _random.Next(10) == 0 ? _random.Next(60_000, 80_000) : _random.Next(150, 5_000));

    private string HostileString()
    {
        var chars = new StringBuilder();
        for (var n = _random.Next(1, 300); n > 0; n--)
        {
            chars.Append(_random.Next(6) switch
            {
                0 => (char)_random.Next(0, 0x20),
                1 => (char)_random.Next(0x7F, 0xA0),
                2 => (char)_random.Next(0x300, 0x370),
                3 => _random.Next(2) == 0 ? "🌎" : "👩‍👩‍👧‍👦",
                4 => (char)_random.Next(0x200B, 0x2070),
                _ => (char)_random.Next(0x20, 0x7F),
            });
        }
        return chars.ToString();
    }

    private static string RawSlot(List<string> raw, string text)
    {
        raw.Add(text);
        return RawMarker + (raw.Count - 1) + RawMarker;
    }

    private byte[] Serialize(JsonObject body, List<string>? raw = null)
    {
        var text = body.ToJsonString(_random.Next(2) == 0 ? Relaxed : JsonSerializerOptions.Default);
        for (var i = 0; raw is not null && i < raw.Count; i++) text = text.Replace($"\"{RawMarker}{i}{RawMarker}\"", raw[i]);
        return Encoding.UTF8.GetBytes(text);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
