using Marketplace.Contracts;
using Marketplace.Matching.Chair;
using Marketplace.Matching.Decisions;
using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>The table of "Who decides which proposal", with the term's inclusive UTC dates at their edges.</summary>
public sealed class DecidersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 23, 59, 59, TimeSpan.Zero);
    private static readonly ChairTerm Spain = new("ES", new DateOnly(2026, 1, 1), new DateOnly(2026, 11, 29));

    private static Match MatchOf(string country, string donor) =>
        new("match_1", "need_1", "pledge_1", country, donor, "health", "grant", new Money(100, "USD"), new Money(100, "USD"), 1m, 1,
            [], MatchStatus.Proposed, Now, null, null, null, "round_1", 100, 1);

    private static Caller As(string role, string org) => new($"{role}-{org}", $"{role}-{org}", role, org);

    [Theory]
    [InlineData("secretariat", "UNHCR-OAS", "GT", "EU", null)]
    [InlineData("secretariat", "UNHCR-OAS", "GT", "MIRPS-FUND", null)]
    [InlineData("chair", "ES", "GT", "EU", null)]
    [InlineData("chair", "ES", "GT", "ES", DecisionOutcome.Recused)]
    [InlineData("chair", "ES", "ES", "EU", DecisionOutcome.Recused)]
    [InlineData("chair", "ES", "GT", "MIRPS-FUND", DecisionOutcome.FundProposal)]
    [InlineData("chair", "CA", "GT", "EU", DecisionOutcome.OutOfTerm)]
    [InlineData("fund-manager", "MIRPS-FUND", "GT", "MIRPS-FUND", null)]
    [InlineData("fund-manager", "MIRPS-FUND", "GT", "EU", DecisionOutcome.NotTheFundsProposal)]
    [InlineData("donor", "EU", "GT", "EU", DecisionOutcome.NotADecider)]
    [InlineData("state", "GT", "GT", "EU", DecisionOutcome.NotADecider)]
    public void Refusal_FollowsWhoDecidesWhichProposal(string role, string org, string country, string donor, DecisionOutcome? expected)
    {
        Assert.Equal(expected, Deciders.Refusal(As(role, org), MatchOf(country, donor), Spain, Now));
    }

    [Fact]
    public void Refusal_ForTheChair_CountsBothEndsOfTheTermInclusiveInUtc()
    {
        var chair = As("chair", "ES");
        var match = MatchOf("GT", "EU");

        Assert.Null(Deciders.Refusal(chair, match, Spain, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Null(Deciders.Refusal(chair, match, Spain, Now));
        Assert.Equal(DecisionOutcome.OutOfTerm, Deciders.Refusal(chair, match, Spain, new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero)));
        Assert.Equal(DecisionOutcome.OutOfTerm, Deciders.Refusal(chair, match, Spain, Now.AddSeconds(1)));
        // 2026-11-29 20:00 in Panama is already 2026-11-30 in UTC: the term has ended.
        Assert.Equal(DecisionOutcome.OutOfTerm, Deciders.Refusal(chair, match, Spain, new DateTimeOffset(2026, 11, 29, 20, 0, 0, TimeSpan.FromHours(-5))));
        Assert.Equal(DecisionOutcome.OutOfTerm, Deciders.Refusal(chair, match, null, Now));
        Assert.Null(Deciders.Refusal(chair, match, Spain with { Until = null }, Now.AddYears(5)));
    }
}
