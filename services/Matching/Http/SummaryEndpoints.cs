using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.Http;

/// <summary><c>/api/v1/summary</c> (coverage in USD) and <c>/api/v1/reference</c> (codelists, no token needed).</summary>
public static class SummaryEndpoints
{
    public static IEndpointRouteBuilder MapSummaryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/summary", SummaryAsync).RequireAuthorization(Policies.Authenticated).WithApi(MatchingApi.Summary());
        app.MapGet("/api/v1/reference", Reference).AllowAnonymous().WithApi(MatchingApi.Reference());
        return app;
    }

    private static async Task<IResult> SummaryAsync(IMatchingStore store, IFlowTotals flows, CancellationToken ct)
    {
        var input = await store.LoadRoundInputAsync(ct);
        var coverage = Coverage.Compute(input.Needs, input.OpenMatches, new FxTable(input.FxRates), input.Releases, await flows.SumAllAsync(ct));
        return Results.Ok(SummaryBody(coverage));
    }

    public static object SummaryBody(Coverage coverage) => new
    {
        totals = UsdJson.Row(coverage.Totals),
        byCountry = coverage.ByCountry.Select(r => Merge("country", r)).ToList(),
        bySector = coverage.BySector.Select(r => Merge("sector", r)).ToList(),
    };

    private static Dictionary<string, string> Merge(string keyName, CoverageRow row) => new()
    {
        [keyName] = row.Key,
        ["requestedUsd"] = UsdJson.Format(row.RequestedUsd),
        ["proposedUsd"] = UsdJson.Format(row.ProposedUsd),
        ["approvedUsd"] = UsdJson.Format(row.ApprovedUsd),
        ["gapUsd"] = UsdJson.Format(row.GapUsd),
        ["committedUsd"] = UsdJson.Format(row.CommittedUsd),
        ["disbursedUsd"] = UsdJson.Format(row.DisbursedUsd),
    };

    private static IResult Reference() => Results.Ok(ReferenceBody());

    public static object ReferenceBody() => new
    {
        countries = Codelists.Countries,
        donors = Codelists.Donors,
        sectors = Codelists.Sectors,
        instruments = Codelists.Instruments,
        priorities = Codelists.Priorities,
        needStatuses = Codelists.NeedStatuses,
        pledgeStatuses = Codelists.PledgeStatuses,
        matchStatuses = Codelists.MatchStatuses,
        currencies = Currencies.All.Select(c => new { code = c.Code, es = c.Es, en = c.En, minorUnits = c.MinorUnits }).ToList(),
    };
}
