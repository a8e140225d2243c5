namespace Marketplace.Matching.Engine.UnitTests.Support;

// Terse builders for hand-made instances; amounts are USD cents.
internal static class Instances
{
    public static NeedInput Need(
        string id, long remaining, Priority priority = Priority.Medium, string country = "GT", string sector = "health",
        string[]? instruments = null, DateOnly? start = null, DateOnly? end = null) =>
        new(id, country, sector, Set(instruments ?? ["grant"]), priority, remaining, start, end);

    public static PledgeInput Pledge(
        string id, long remaining, string[]? countries = null, string[]? sectors = null, string instrument = "grant",
        long? min = null, long? max = null, DateOnly? from = null, DateOnly? until = null) =>
        new(id, Set(countries ?? []), Set(sectors ?? []), instrument, remaining, min, max, from, until);

    public static MatchingProblem Problem(NeedInput[] needs, PledgeInput[] pledges, Allocation[]? previous = null) =>
        new(needs, pledges, previous ?? []);

    public static IReadOnlySet<string> Set(params string[] items) => new HashSet<string>(items, StringComparer.Ordinal);

    public static long AmountOf(MatchingResult result, string needId, string pledgeId) =>
        result.Allocations.Where(a => a.NeedId == needId && a.PledgeId == pledgeId).Sum(a => a.AmountUsdCents);
}
