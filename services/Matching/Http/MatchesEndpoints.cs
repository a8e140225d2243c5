using Marketplace.Contracts;
using Marketplace.Matching.Domain;
using Marketplace.Matching.Persistence;
using Marketplace.Matching.Rounds;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.Http;

/// <summary><c>/api/v1/matches</c> and <c>/api/v1/matching/runs</c>.</summary>
public static class MatchesEndpoints
{
    public static IEndpointRouteBuilder MapMatchesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/matches", ListAsync).RequireAuthorization(Policies.Authenticated).WithApi(MatchingApi.ListMatches());
        app.MapGet("/api/v1/matches/{id}", GetAsync).RequireAuthorization(Policies.Authenticated).WithApi(MatchingApi.GetMatch());
        app.MapPost("/api/v1/matching/runs", RunAsync).RequireAuthorization(Policies.MatchingOperator).WithApi(MatchingApi.Run());
        app.MapGet("/api/v1/audit", AuditAsync).RequireAuthorization(Policies.Authenticated).WithApi(AuditExport.Operation());
        return app;
    }

    private static IResult ListAsync(HttpRequest request, IMatchingStore store)
    {
        var q = request.Query;
        var errors = new FieldErrors();
        var orderBy = q["orderBy"].FirstOrDefault();
        var order = MatchOrder.Parse(orderBy);
        if (order is null) errors.Add("orderBy", $"must be one of {string.Join(", ", MatchOrder.All.Select(o => o.Name))}");
        var filter = new MatchFilter(q["status"].FirstOrDefault(), q["needId"].FirstOrDefault(), q["pledgeId"].FirstOrDefault(),
            q["country"].FirstOrDefault(), q["donor"].FirstOrDefault(), q["sector"].FirstOrDefault(), q["instrument"].FirstOrDefault())
        {
            Order = order ?? MatchOrder.Default,
        };
        if (filter.Status is not null && Codelists.MatchStatuses.All(s => s.Code != filter.Status)) errors.Add("status", "must be a match status");
        if (filter.Country is not null && !Codelists.IsCountry(filter.Country)) errors.Add("country", "must be a MIRPS country code");
        if (filter.Donor is not null && !Codelists.IsPledger(filter.Donor)) errors.Add("donor", "must be a donor organisation code or MIRPS-FUND");
        if (filter.Sector is not null && !Codelists.IsSector(filter.Sector)) errors.Add("sector", "must be a sector code");
        if (filter.Instrument is not null && !Codelists.IsInstrument(filter.Instrument)) errors.Add("instrument", "must be an instrument code");
        var (pageSize, after) = PageToken.Read(q["pageSize"].FirstOrDefault(), q["pageToken"].FirstOrDefault(), errors,
            position => MatchCursor.TryRead(filter, position, out _));
        var format = ListFormats.Read(request, errors);
        if (errors.Any) return Problems.Validation(errors);
        return ListResults.Paged(format, MatchResponse.CsvColumns, "matches", pageSize, after,
            (size, cursor, token) => store.ListMatchesAsync(filter, size, CursorOf(filter, cursor), token), MatchResponse.From);
    }

    private static MatchCursor? CursorOf(MatchFilter filter, string? text) =>
        text is not null && MatchCursor.TryRead(filter, text, out var cursor) ? cursor : null;

    private static async Task<IResult> GetAsync(string id, HttpContext http, IMatchingStore store, CancellationToken ct)
    {
        var match = await store.GetMatchAsync(id, ct);
        if (match is null) return Problems.NotFound($"No match with id '{id}'.");
        Versioning.SetETag(http.Response, match.Version);
        return Results.Ok(MatchResponse.From(match));
    }

    private static async Task<IResult> RunAsync(MatchingRoundRunner runner, CancellationToken ct)
    {
        try
        {
            return Results.Ok(RunBody(await runner.RunAsync(MatchingRoundRunner.ManualTrigger, ct)));
        }
        catch (StaleSolverLeaseException)
        {
            return Problems.Conflict("Another matching replica took the solver lease over during this round, so its result was discarded; run it again.");
        }
    }

    public static object RunBody(RoundSummary round) => new
    {
        id = round.Id,
        completedAt = round.CompletedAt,
        proposals = round.Proposals,
        churn = round.Churn,
        proposedUsd = UsdJson.Format(round.ProposedUsd),
        durationMs = Math.Round(round.Duration.TotalMilliseconds, 1),
        coverage = round.Coverage.Select(c => new
        {
            country = c.Key,
            requestedUsd = UsdJson.Format(c.RequestedUsd),
            proposedUsd = UsdJson.Format(c.ProposedUsd),
            approvedUsd = UsdJson.Format(c.ApprovedUsd),
        }).ToList(),
    };

    private static async Task<IResult> AuditAsync(HttpContext http, IMatchingStore store, CancellationToken ct)
    {
        var entityId = http.Request.Query["entityId"].FirstOrDefault();
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(entityId)) errors.Add("entityId", "is required");
        var format = ListFormats.Read(http.Request, errors);
        if (errors.Any) return Problems.Validation(errors);
        var caller = Caller.From(http.User);
        if (entityId!.StartsWith("fx_", StringComparison.Ordinal))
        {
            return AuditExport.List(format, await store.ListAuditAsync(entityId, ct));
        }
        var match = await store.GetMatchAsync(entityId, ct);
        if (match is null) return Problems.NotFound($"No match with id '{entityId}'.");
        if (!caller.IsChairOrSecretariat && caller.Org != match.Country && caller.Org != match.Donor)
            return Problems.Forbidden("The audit trail of a match is readable by its member state, its donor, the chair and the secretariat.");
        return AuditExport.List(format, await store.ListAuditAsync(entityId, ct));
    }
}
