using System.Globalization;

namespace Marketplace.Soak;

/// <summary>Command line of the soak (deploy/soak/soak.sh passes its arguments through).</summary>
public sealed record SoakOptions(double Minutes, int ChaosEverySeconds, int BrokerDownSeconds, int Workers, int Seed, bool WriteDocs)
{
    public const string Usage = """
        usage: soak [--minutes 30] [--chaos-every 120] [--broker-down 30] [--workers 4] [--seed N] [--write-docs]
          --minutes       length of the traffic phase
          --chaos-every   seconds between two kills of a random service; a random broker node is killed half-way between
          --broker-down   seconds a killed broker node stays down before it is restarted
          --workers       concurrent clients sending the mixed traffic
          --write-docs    replace the soak section of docs/reliability.md with this run's figures
        """;

    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions(30, 120, 30, 4, Environment.TickCount, false);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value\n{Usage}");
            options = args[i] switch
            {
                "--minutes" => options with { Minutes = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--chaos-every" => options with { ChaosEverySeconds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--broker-down" => options with { BrokerDownSeconds = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--workers" => options with { Workers = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--write-docs" => options with { WriteDocs = true },
                _ => throw new ArgumentException($"unknown argument {args[i]}\n{Usage}"),
            };
        }
        if (options.Minutes <= 0 || options.ChaosEverySeconds < 10 || options.BrokerDownSeconds < 1 || options.Workers < 1)
        {
            throw new ArgumentException($"--minutes > 0, --chaos-every ≥ 10, --broker-down ≥ 1, --workers ≥ 1\n{Usage}");
        }
        return options;
    }
}
