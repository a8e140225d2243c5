using System.Globalization;

namespace Marketplace.Gateway.Benchmarks;

/// <summary>Command-line options; every one has a default, so the documented command needs only a few.</summary>
public sealed record BenchmarkOptions
{
    public int Rounds { get; init; } = 5;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(8);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public int[] Connections { get; init; } = [16, 64];
    public int[] GrpcConnections { get; init; } = [16];
    public int EventRate { get; init; } = 100;
    public int EventSeconds { get; init; } = 60;
    /// <summary>Needs and pledges (each) loaded through the gateway before the event path, so rounds run on a market of that size.</summary>
    public int Background { get; init; }
    /// <summary>Matching debounce values for the event path; empty = the default in services/Matching/appsettings.json.</summary>
    public int[] Debounce { get; init; } = [];
    /// <summary>Environment settings of a second gateway compared with the stock one on GET (tuning candidates).</summary>
    public Dictionary<string, string> Variant { get; init; } = [];
    public bool Build { get; init; } = true;
    public bool WriteDocs { get; init; } = true;
    public string[] Only { get; init; } = ["get", "grpc", "events", "post"];

    public static BenchmarkOptions Parse(string[] args)
    {
        var o = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int[] Ints() => Next().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            o = args[i] switch
            {
                "--rounds" => o with { Rounds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup" => o with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--connections" => o with { Connections = Ints() },
                "--grpc-connections" => o with { GrpcConnections = Ints() },
                "--event-rate" => o with { EventRate = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--event-seconds" => o with { EventSeconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--debounce" => o with { Debounce = Ints() },
                "--background" => o with { Background = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--only" => o with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries) },
                "--variant" => o with { Variant = Next().Split(';', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]) },
                "--no-build" => o with { Build = false },
                "--no-docs" => o with { WriteDocs = false },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --rounds N --duration S --warmup S --connections 16,64 " +
                    "--grpc-connections 16 --event-rate 100 --event-seconds 60 --background 10000 --debounce 500,0 --variant \"DOTNET_gcServer=0;K=V\" --only get,grpc,events,post --no-build --no-docs"),
            };
        }
        if (o.Rounds < 1) throw new ArgumentException("--rounds must be at least 1");
        return o;
    }

    public bool Runs(string scenario) => Only.Contains(scenario, StringComparer.OrdinalIgnoreCase);
}
