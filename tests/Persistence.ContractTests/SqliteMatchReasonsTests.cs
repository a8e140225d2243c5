using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Persistence.ContractTests.Support;

namespace Marketplace.Persistence.ContractTests;

public sealed class SqliteMatchReasonsTests
{
    [Fact]
    public void ReasonsColumn_RoundTripsCodesParamsAndTexts()
    {
        var reasons = Samples.Match(DateTimeOffset.UnixEpoch, "round_1", country: "HN").Reasons;

        var json = MatchReasonsJson.Write(reasons);

        Assert.Contains("\"code\":\"country-earmarked\",\"params\":{\"country\":\"HN\"}", json);
        Assert.Equal(reasons, MatchReasonsJson.Read(json));
    }

    [Fact]
    public void ReasonsColumn_WrittenBeforeReasonCodes_ReadsAsNotes()
    {
        var reasons = MatchReasonsJson.Read("""["Shared sector: health.","Same currency (USD): no conversion."]""");

        Assert.Equal([MatchReasonCodes.Note, MatchReasonCodes.Note], reasons.Select(r => r.Code));
        Assert.Equal("Shared sector: health.", reasons[0].Text);
        Assert.Equal("Same currency (USD): no conversion.", reasons[1].Params["text"]);
    }
}
