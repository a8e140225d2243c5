namespace Marketplace.Matching.Benchmarks;

// Command-line options; --child is how the parent asks a child process for one size.
internal sealed record BenchmarkOptions(IReadOnlyList<int> Sizes, int Repeats, string Output, int? ChildSize, int? Rounds)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var sizes = new List<int> { 1_000, 10_000, 50_000 };
        var repeats = 3;
        var output = "docs/benchmarks.md";
        int? child = null;
        int? rounds = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sizes":
                    sizes = args[i + 1].Split(',').Select(int.Parse).ToList();
                    break;
                case "--repeats":
                    repeats = int.Parse(args[i + 1]);
                    break;
                case "--output":
                    output = args[i + 1];
                    break;
                case "--rounds":
                    rounds = int.Parse(args[i + 1]);
                    break;
                case "--child":
                    child = int.Parse(args[i + 1]);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}; use --sizes, --repeats, --rounds, --output.");
            }
        }

        return new BenchmarkOptions(sizes, repeats, output, child, rounds);
    }

    // The largest size runs once: a repeat there costs more than the noise it removes.
    public int RepeatsFor(int size) => size >= 50_000 ? 1 : Repeats;

    // One-change rounds of the incremental run: --rounds, or 200 (60 at 50k, where the seeding solve dominates).
    public int RoundsFor(int size) => Rounds ?? (size >= 50_000 ? 60 : 200);
}
