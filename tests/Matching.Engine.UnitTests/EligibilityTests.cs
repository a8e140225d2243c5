using static Marketplace.Matching.Engine.UnitTests.Support.Instances;

namespace Marketplace.Matching.Engine.UnitTests;

public sealed class EligibilityTests
{
    [Theory]
    [InlineData(new string[0], new string[0], "grant", true)]
    [InlineData(new[] { "GT" }, new string[0], "grant", true)]
    [InlineData(new[] { "HN", "GT" }, new[] { "health" }, "grant", true)]
    [InlineData(new[] { "HN" }, new string[0], "grant", false)]
    [InlineData(new string[0], new[] { "education" }, "grant", false)]
    [InlineData(new[] { "GT" }, new[] { "health", "education" }, "in-kind", true)]
    [InlineData(new[] { "GT" }, new[] { "health" }, "concessional-loan", false)]
    [InlineData(new[] { "HN" }, new[] { "education" }, "concessional-loan", false)]
    public void IsEligible_EarmarksAndInstrument_FollowTheRule(string[] countries, string[] sectors, string instrument, bool expected)
    {
        var need = Need("N", 100, country: "GT", sector: "health", instruments: ["grant", "in-kind"]);
        var pledge = Pledge("P", 100, countries, sectors, instrument);

        Assert.Equal(expected, Eligibility.IsEligible(need, pledge));
    }

    [Theory]
    [InlineData(null, null, null, null, true)]
    [InlineData("2026-01-01", "2026-03-31", null, null, true)]
    [InlineData(null, null, "2026-01-01", "2026-03-31", true)]
    [InlineData("2026-01-01", "2026-03-31", "2026-03-31", "2026-06-30", true)]
    [InlineData("2026-01-01", "2026-03-31", "2026-04-01", "2026-06-30", false)]
    [InlineData("2026-04-01", "2026-06-30", "2026-01-01", "2026-03-31", false)]
    [InlineData("2026-04-01", null, "2026-01-01", "2026-03-31", false)]
    [InlineData("2026-04-01", null, "2026-01-01", null, true)]
    [InlineData(null, "2026-03-31", "2026-04-01", null, false)]
    [InlineData(null, "2026-03-31", null, "2026-01-01", true)]
    [InlineData("2026-02-01", "2026-02-28", "2026-01-01", "2026-12-31", true)]
    public void IsEligible_DateWindows_EligibleOnlyWhenTheyOverlap(string? start, string? end, string? from, string? until, bool expected)
    {
        var need = Need("N", 100, start: Date(start), end: Date(end));
        var pledge = Pledge("P", 100, from: Date(from), until: Date(until));

        Assert.Equal(expected, Eligibility.IsEligible(need, pledge));
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
