using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.Http;

/// <summary><c>/api/v1/fund</c>: the MIRPS Fund's pool, what it proposed and approved, and the needs referred to it.</summary>
public static class FundEndpoints
{
    public static IEndpointRouteBuilder MapFundEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/fund", FundAsync).RequireAuthorization(Policies.Authenticated).WithApi(FundApi.Get());
        return app;
    }

    private static async Task<IResult> FundAsync(IMatchingStore store, CancellationToken ct)
    {
        var input = await store.LoadRoundInputAsync(ct);
        return Results.Ok(Body(FundPortfolio.Compute(input.Needs, input.Pledges, input.OpenMatches, new FxTable(input.FxRates), input.Releases)));
    }

    public static object Body(FundPortfolio fund) => new
    {
        poolUsd = UsdJson.Format(fund.PoolUsd),
        proposedUsd = UsdJson.Format(fund.ProposedUsd),
        approvedUsd = UsdJson.Format(fund.ApprovedUsd),
        availableUsd = UsdJson.Format(fund.AvailableUsd),
        referredNeeds = fund.ReferredNeeds,
        byCountry = fund.ByCountry.Select(r => Row("country", r)).ToList(),
        bySector = fund.BySector.Select(r => Row("sector", r)).ToList(),
    };

    private static Dictionary<string, object> Row(string keyName, FundRow row) => new()
    {
        [keyName] = row.Key,
        ["referredNeeds"] = row.ReferredNeeds,
        ["requestedUsd"] = UsdJson.Format(row.RequestedUsd),
        ["proposedUsd"] = UsdJson.Format(row.ProposedUsd),
        ["approvedUsd"] = UsdJson.Format(row.ApprovedUsd),
    };
}
