using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;

namespace Marketplace.Matching.IntegrationTests;

/// <summary>A list cursor is read back only for the list it was written for, and only with a key of that list's order and a sequence number.</summary>
public sealed class MatchCursorTests
{
    private static readonly Match Last = new("match_01", "need_1", "pledge_1", "GT", "EU", "health", "grant", new Money(100, "USD"),
        new Money(100, "USD"), 1m, 2.75, [], MatchStatus.Proposed, new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), null, null, null,
        "round_1", 12_345, 1);

    private static MatchFilter Filter(string orderBy, string? sector = null) =>
        new(MatchStatus.Proposed, null, null, "GT", null, sector) { Order = MatchOrder.Parse(orderBy)! };

    [Theory]
    [InlineData("proposedAt", "77")]
    [InlineData("-amountUsd", "12345")]
    [InlineData("score", "2.75")]
    public void Written_IsReadBackWithTheSameKeyAndSequenceNumber(string orderBy, string key)
    {
        var text = MatchCursor.Write(Filter(orderBy), Last, 77);

        Assert.True(MatchCursor.TryRead(Filter(orderBy), text, out var cursor));
        Assert.Equal(new MatchCursor(key, 77), cursor);
    }

    [Fact]
    public void Read_WithAnotherOrderFilterOrATamperedKey_IsRefused()
    {
        var text = MatchCursor.Write(Filter("-amountUsd"), Last, 77);
        var parts = text.Split('~');

        Assert.False(MatchCursor.TryRead(Filter("amountUsd"), text, out _));
        Assert.False(MatchCursor.TryRead(Filter("-amountUsd", "health"), text, out _));
        Assert.False(MatchCursor.TryRead(Filter("-amountUsd"), $"{parts[0]}~12x45~77", out _));
        Assert.False(MatchCursor.TryRead(Filter("-amountUsd"), $"{parts[0]}~12345~", out _));
        Assert.False(MatchCursor.TryRead(Filter("-amountUsd"), $"{parts[0]}~12345~match_01", out _));
        Assert.False(MatchCursor.TryRead(Filter("-amountUsd"), "match_01", out _));
        Assert.False(MatchCursor.TryRead(Filter("score"), MatchCursor.Write(Filter("score"), Last, 77).Replace("2.75", "NaN"), out _));
    }

    [Theory]
    [InlineData(null, "proposedAt")]
    [InlineData("-score", "-score")]
    public void Parse_KnowsTheSixOrders(string? name, string expected) => Assert.Equal(expected, MatchOrder.Parse(name)!.Name);

    [Theory]
    [InlineData("amount")]
    [InlineData("")]
    [InlineData("+score")]
    public void Parse_AnythingElse_IsNull(string name) => Assert.Null(MatchOrder.Parse(name));
}
