using Marketplace.Matching.Domain;
using Marketplace.ServiceKit.OpenApi;

namespace Marketplace.Matching.Http;

/// <summary>The API document of <c>/api/v1/fund</c>.</summary>
public static class FundApi
{
    public static readonly ApiSchema Fund = ApiSchema.FromExample("Fund",
        "The MIRPS Fund in USD: its pool (open Fund pledges), what it proposed and approved, availableUsd = poolUsd − approvedUsd, " +
        "and the needs referred to it, by country and by sector (requestedUsd is their remaining gap).",
        FundEndpoints.Body(new FundPortfolio(2_000_000m, 350_000m, 150_000m, 3,
            [new FundRow("HN", 2, 800_000m, 350_000m, 150_000m)], [new FundRow("health", 1, 500_000m, 350_000m, 0m)])));

    public static ApiOperation Get() => new ApiOperation("getFund", "MIRPS Fund", "The MIRPS Fund's pool and portfolio")
        .Describe("Anyone authenticated. Fund pledges are posted by the fund manager (donor MIRPS-FUND); matching proposes them only " +
            "to referred needs, on what bilateral pledges leave.")
        .Returns(200, Fund, "Pool, proposed, approved, available, and referred needs by country and sector.");
}
