using Marketplace.Matching.Engine;

namespace Marketplace.Matching.Benchmarks;

// Seeded instances shaped like the MIRPS marketplace: seven member states of unequal size, nine sectors,
// four instruments, amounts spread over two orders of magnitude and converted from several currencies
// (so they are not round), needs outnumbering funding, mixed earmark density, some per-allocation
// minimums and caps (set by donors financing specific projects, so those pledges are earmarked), and
// quarter-aligned date windows.
internal sealed class InstanceGenerator(int seed)
{
    private static readonly string[] Countries = ["BZ", "CR", "SV", "GT", "HN", "MX", "PA"];
    private static readonly double[] CountryShares = [0.03, 0.12, 0.12, 0.2, 0.18, 0.3, 0.05];
    private static readonly string[] Sectors =
    [
        "asylum-systems", "protection", "reception-shelter", "education", "health", "social-protection",
        "employment-livelihoods", "local-governance", "statistical-inclusion",
    ];
    private static readonly string[] Instruments = ["grant", "concessional-loan", "technical-assistance", "in-kind"];
    private static readonly double[] InstrumentShares = [0.5, 0.15, 0.2, 0.15];
    private static readonly double[] FxToUsd = [1.0, 1.08, 0.058, 0.0019, 0.13, 0.04]; // USD EUR MXN CRC GTQ HNL
    private static readonly DateOnly FirstQuarter = new(2026, 1, 1);

    private readonly Random _random = new(seed);

    public MatchingProblem Create(int needCount, int pledgeCount)
    {
        var needs = Enumerable.Range(0, needCount).Select(CreateNeed).ToList();
        var pledges = Enumerable.Range(0, pledgeCount).Select(CreatePledge).ToList();
        return new MatchingProblem(needs, pledges, []);
    }

    // Further needs and pledges from the same distribution, for the incremental rounds.
    public NeedInput NextNeed(int index) => CreateNeed(index);

    public PledgeInput NextPledge(int index) => CreatePledge(index);

    private NeedInput CreateNeed(int index)
    {
        var instruments = Instruments.Where((_, i) => _random.NextDouble() < InstrumentShares[i] + 0.15).ToHashSet();
        if (instruments.Count == 0)
        {
            instruments.Add("grant");
        }

        var priority = Pick([Priority.Critical, Priority.High, Priority.Medium, Priority.Low], [0.1, 0.3, 0.4, 0.2]);
        var (start, end) = Window(0.4);
        return new NeedInput($"need-{index}", Pick(Countries, CountryShares), Sectors[_random.Next(Sectors.Length)],
            instruments, priority, Amount(50_000, 5_000_000), start, end);
    }

    private PledgeInput CreatePledge(int index)
    {
        var remaining = Amount(10_000, 10_000_000) * 7 / 10;
        var hasMinimum = _random.NextDouble() < 0.1;
        var hasCap = _random.NextDouble() < 0.15;
        var projectFinance = hasMinimum || hasCap;
        var countries = projectFinance ? Subset(Countries, 1, 2) : Earmark(Countries, unearmarked: 0.3);
        var sectors = projectFinance ? Subset(Sectors, 1, 2) : Earmark(Sectors, unearmarked: 0.35);
        long? minimum = hasMinimum ? Math.Min(remaining, Amount(25_000, 250_000)) : null;
        long? cap = hasCap ? Math.Max(minimum ?? 0, Amount(100_000, 2_000_000)) : null;
        var (from, until) = Window(0.3);
        return new PledgeInput($"pledge-{index}", countries, sectors, Pick(Instruments, InstrumentShares),
            remaining, minimum, cap, from, until);
    }

    // Log-uniform between the bounds in USD, drawn in a random currency and converted to USD cents.
    private long Amount(double minUsd, double maxUsd)
    {
        var rate = FxToUsd[_random.Next(FxToUsd.Length)];
        var usd = minUsd * Math.Pow(maxUsd / minUsd, _random.NextDouble());
        var local = Math.Round(usd / rate);
        return (long)Math.Round(local * rate * 100);
    }

    private HashSet<string> Earmark(string[] items, double unearmarked) =>
        _random.NextDouble() < unearmarked ? [] : Subset(items, 1, 3);

    private HashSet<string> Subset(string[] items, int min, int max)
    {
        var count = _random.Next(min, max + 1);
        return items.OrderBy(_ => _random.Next()).Take(count).ToHashSet(StringComparer.Ordinal);
    }

    // Start in one of the next eight quarters, run for one or two years; open-ended otherwise.
    private (DateOnly? Start, DateOnly? End) Window(double probability)
    {
        if (_random.NextDouble() >= probability)
        {
            return (null, null);
        }

        var start = FirstQuarter.AddMonths(3 * _random.Next(8));
        return (start, start.AddYears(_random.Next(1, 3)).AddDays(-1));
    }

    private T Pick<T>(T[] items, double[] shares)
    {
        var draw = _random.NextDouble() * shares.Sum();
        for (var i = 0; i < items.Length; i++)
        {
            draw -= shares[i];
            if (draw <= 0)
            {
                return items[i];
            }
        }

        return items[^1];
    }
}
