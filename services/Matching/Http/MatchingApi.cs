using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Matching.Http;

/// <summary>The API document of the matching service: schemas whose examples the real mappers produce.</summary>
public static class MatchingApi
{
    private static readonly DateTimeOffset Example = new(2026, 11, 27, 15, 4, 5, TimeSpan.Zero);

    public static readonly ApiSchema Match = ApiSchema.FromExample("Match",
        "A proposal that a pledge funds a need with an amount, with the reasons the pair fits.",
        MatchResponse.From(new Domain.Match("match_01jdx5a1b2", "need_01jdx3k8s2", "pledge_01jdx4m2q7", "GT", "ES",
            "reception-shelter", "grant", Money.FromDecimal(400_000m, "EUR"), Money.FromDecimal(434_000m, "USD"), 1.085m, 3.47,
            [
                new MatchReason(MatchReasonCodes.CountryEarmarked, new Dictionary<string, string> { ["country"] = "GT" },
                    "The need's country (GT) is among the pledge's earmarked countries."),
                new MatchReason(MatchReasonCodes.Priority, new Dictionary<string, string> { ["priority"] = "critical", ["weight"] = "8" },
                    "Need priority: critical (weight 8)."),
            ], MatchStatus.Rejected, Example,
            Example.AddHours(2), "chair-es", "Already covered by the national budget.", "round_01jdx59z", 43_400_000, 2)),
        "decidedAt", "decidedBy", "reason") with { Maps = new HashSet<string> { "params" } };

    public static readonly ApiSchema PreviewData = ApiSchema.FromExample("ApprovalPreview",
        "What approving a proposal would do: the need's funded and remaining amounts (need currency), the pledge's allocated and " +
        "remaining amounts (pledge currency), and the other proposals of that need or pledge that would no longer fit.",
        ApprovalPreviewResponse.From(new ApprovalPreview(Money.FromDecimal(100_000m, "USD"), Money.FromDecimal(534_000m, "USD"),
            Money.FromDecimal(66_000m, "USD"), Money.FromDecimal(0m, "EUR"), Money.FromDecimal(400_000m, "EUR"),
            Money.FromDecimal(100_000m, "EUR"), ["match_01jdx5c9k4"])));

    public static readonly ApiSchema RejectRequest = ApiSchema.FromExample("RejectRequest",
        "Why the proposal is rejected (1 to 1000 characters).", new JsonObject { ["reason"] = "Already covered by the national budget." });

    public static readonly ApiSchema Round = ApiSchema.FromExample("RoundSummary",
        "A completed matching round.",
        MatchesEndpoints.RunBody(new Rounds.RoundSummary("round_01jdx59z", Example, 12, 1, 5_300_000m,
            [new CoverageRow("GT", 9_000_000m, 5_300_000m, 1_200_000m, 1_000_000m, 400_000m)], TimeSpan.FromMilliseconds(84.2))));

    public static readonly ApiSchema FxRate = ApiSchema.FromExample("FxRate",
        "USD per one unit of a currency, with its date and source.",
        FxRatesEndpoints.Response(new Domain.FxRate("EUR", 1.085m, new DateOnly(2026, 11, 27), "European Central Bank", 3)));

    public static readonly ApiSchema FxRateRequest = ApiSchema.FromExample("FxRateRequest",
        "A new rate for a currency (USD is fixed at 1).",
        new JsonObject { ["usdPerUnit"] = "1.0850", ["asOf"] = "2026-11-27", ["source"] = "European Central Bank" });

    public static readonly ApiSchema SummaryData = ApiSchema.FromExample("Summary",
        "Requested, proposed, approved and gap in USD, in total, by country and by sector.",
        SummaryEndpoints.SummaryBody(new Coverage(new CoverageRow("total", 9_000_000m, 5_300_000m, 1_200_000m, 1_000_000m, 400_000m),
            [new CoverageRow("GT", 9_000_000m, 5_300_000m, 1_200_000m, 1_000_000m, 400_000m)], [new CoverageRow("health", 9_000_000m, 5_300_000m, 1_200_000m, 1_000_000m, 400_000m)])));

    public static readonly ApiSchema ReferenceData = ApiSchema.FromExample("Reference",
        "Every codelist with Spanish and English labels, DAC purpose codes, IATI finance and aid types, and currencies.",
        SummaryEndpoints.ReferenceBody());

    public static ApiOperation ListMatches() => new ApiOperation("listMatches", "Matches", "List matches")
        .Query("status", "Only this status.", Codelists.MatchStatuses.Select(s => s.Code))
        .Query("needId", "Only the matches of this need.")
        .Query("pledgeId", "Only the matches of this pledge.")
        .Query("country", "Only this country.", Codelists.Countries.Select(c => c.Code))
        .Query("donor", "Only this donor (MIRPS-FUND: the Fund's proposals).", [.. Codelists.Donors.Select(d => d.Code), Codelists.Fund])
        .Query("sector", "Only this sector.", Codelists.Sectors.Select(s => s.Code))
        .Query("instrument", "Only this instrument.", Codelists.Instruments.Select(i => i.Code))
        .Query("orderBy", "Sort order (default proposedAt; a leading '-' is descending; ties by commit order). A pageToken is valid only with " +
            "the orderBy and filters that produced it.", MatchOrder.All.Select(o => o.Name))
        .ReturnsPage(Match, "Matches in the requested order.")
        .Fails(400);

    public static ApiOperation GetMatch() => new ApiOperation("getMatch", "Matches", "Read a match")
        .Returns(200, Match, "The match, with ETag.")
        .Fails(404);

    public static ApiOperation Approve() => new ApiOperation("approveMatch", "Matches", "Approve a proposed match")
        .Describe("A donor's proposal: the chair (in term, not a party) or the secretariat; a MIRPS Fund proposal: the fund manager or the " +
            "secretariat (the chair gets 403). The pledge's allocated and the need's funded rise by the amounts; " +
            "approving twice never counts twice.")
        .Returns(200, Match, "The approved match.")
        .Fails(403, 404, 409, 503);

    public static ApiOperation Preview() => new ApiOperation("previewMatchApproval", "Matches", "Preview what approving a match would do")
        .Describe("The same deciders as approve. Coverage of the need and the pledge before and after, and the ids of the other " +
            "proposals of that need or pledge that approving would make infeasible (a later round supersedes them). Changes nothing.")
        .Returns(200, PreviewData, "The preview.")
        .Fails(403, 404, 409, 503);

    public static ApiOperation Reject() => new ApiOperation("rejectMatch", "Matches", "Reject a proposed match")
        .Describe("The same deciders. A rejected pair is never proposed again.")
        .Body(RejectRequest)
        .Returns(200, Match, "The rejected match.")
        .Fails(400, 403, 404, 409, 413, 415, 503);

    public static ApiOperation Run() => new ApiOperation("runMatching", "Matching", "Run a matching round now")
        .Describe("Chair and secretariat. Rounds also run automatically within seconds of every change.")
        .Returns(200, Round, "The round's summary.")
        .Fails(409);

    public static ApiOperation ListFxRates() => new ApiOperation("listFxRates", "FX rates", "List FX rates")
        .ReturnsItems(FxRate, "Every accepted currency with its rate.")
        .Fails(400);

    public static ApiOperation PutFxRate() => new ApiOperation("putFxRate", "FX rates", "Set a currency's FX rate")
        .Describe("Secretariat. If-Match is optional here.")
        .Header("If-Match", "\"<version>\" last read (optional).")
        .Body(FxRateRequest)
        .Returns(200, FxRate, "The new rate, with ETag.")
        .Fails(400, 404, 409, 412, 413, 415);

    public static ApiOperation Summary() => new ApiOperation("getSummary", "Summary", "Coverage in USD")
        .Returns(200, SummaryData, "Totals, by country and by sector.");

    public static ApiOperation Reference() => new ApiOperation("getReference", "Reference", "Codelists (no token needed)")
        .Returns(200, ReferenceData, "Countries, donors, sectors, instruments, priorities, statuses and currencies.");
}
