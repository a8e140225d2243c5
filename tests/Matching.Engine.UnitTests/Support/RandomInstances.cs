namespace Marketplace.Matching.Engine.UnitTests.Support;

// Seeded small instances with few distinct countries, sectors, instruments, windows and round amounts, so
// that eligibility overlaps heavily, ties are frequent and greedy often goes wrong.
internal static class RandomInstances
{
    private static readonly string[] Countries = ["GT", "HN", "SV"];
    private static readonly string[] Sectors = ["health", "education"];
    private static readonly string[] InstrumentNames = ["grant", "in-kind", "concessional-loan"];
    private static readonly DateOnly Origin = new(2026, 1, 1);

    public static MatchingProblem Create(int seed, bool withMinimums, int maxNeeds = 8, int maxPledges = 8)
    {
        var random = new Random(seed);
        var needs = Enumerable.Range(0, random.Next(1, maxNeeds + 1)).Select(i => new NeedInput(
            $"N{i}",
            Pick(random, Countries),
            Pick(random, Sectors),
            Instances.Set(InstrumentNames.Where(_ => random.NextDouble() < 0.6).DefaultIfEmpty("grant").ToArray()),
            (Priority)random.Next(4),
            10 * random.Next(1, 21),
            MaybeDate(random, 0),
            MaybeDate(random, 6))).ToList();

        var pledges = Enumerable.Range(0, random.Next(1, maxPledges + 1)).Select(i =>
        {
            var remaining = 10 * random.Next(1, 31);
            long? min = withMinimums && random.NextDouble() < 0.5 ? 10 * random.Next(2, 9) : null;
            long? max = random.NextDouble() < 0.3 ? Math.Max(min ?? 0, 10 * random.Next(1, 12)) : null;
            return new PledgeInput(
                $"P{i}",
                Instances.Set(random.NextDouble() < 0.5 ? [] : Countries.Where(_ => random.NextDouble() < 0.5).ToArray()),
                Instances.Set(random.NextDouble() < 0.5 ? [] : Sectors.Where(_ => random.NextDouble() < 0.5).ToArray()),
                Pick(random, InstrumentNames),
                remaining,
                min,
                max,
                MaybeDate(random, 0),
                MaybeDate(random, 6));
        }).ToList();

        return new MatchingProblem(needs, pledges, []);
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    // Quarter-aligned dates around a few months so that windows overlap about half the time.
    private static DateOnly? MaybeDate(Random random, int offsetMonths) =>
        random.NextDouble() < 0.3 ? Origin.AddMonths(offsetMonths + (3 * random.Next(-1, 2))) : null;
}
