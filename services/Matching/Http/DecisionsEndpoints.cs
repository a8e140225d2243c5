using Marketplace.Matching.Decisions;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Matching.Http;

/// <summary>
/// <c>POST /api/v1/matches/{id}/approve</c> and <c>/reject</c>, and <c>GET /api/v1/matches/{id}/preview</c> of an approval: the secretariat, the chair in its term (not where it
/// is a party, not the Fund's proposals) and the fund manager (the Fund's proposals); see <see cref="Deciders"/>.
/// </summary>
public static class DecisionsEndpoints
{
    private static readonly IReadOnlySet<string> RejectFields = new HashSet<string> { "reason" };
    private static readonly IReadOnlySet<string> NoServerFields = new HashSet<string>();

    public static IEndpointRouteBuilder MapDecisionsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/matches/{id}/approve", ApproveAsync).RequireAuthorization(Policies.Decider).WithApi(MatchingApi.Approve());
        app.MapGet("/api/v1/matches/{id}/preview", PreviewAsync).RequireAuthorization(Policies.Decider).WithApi(MatchingApi.Preview());
        app.MapPost("/api/v1/matches/{id}/reject", RejectAsync).RequireAuthorization(Policies.Decider).WithApi(MatchingApi.Reject());
        return app;
    }

    private static async Task<IResult> ApproveAsync(string id, HttpContext http, MatchApprovals approvals, CancellationToken ct) =>
        ToResult(http, await approvals.ApproveAsync(id, Caller.From(http.User), ct));

    private static async Task<IResult> PreviewAsync(string id, HttpContext http, MatchApprovals approvals, CancellationToken ct)
    {
        var (refused, preview) = await approvals.PreviewAsync(id, Caller.From(http.User), ct);
        return refused is not null ? ToResult(http, refused) : Results.Ok(ApprovalPreviewResponse.From(preview!));
    }

    private static async Task<IResult> RejectAsync(string id, HttpContext http, MatchApprovals approvals, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        var fields = new RequestFields(body!, errors);
        fields.RejectUnknown(RejectFields, NoServerFields);
        var reason = fields.String("reason", true, 1, 1000);
        if (errors.Any) return Problems.Validation(errors);
        return ToResult(http, await approvals.RejectAsync(id, reason!, Caller.From(http.User), ct));
    }

    private static IResult ToResult(HttpContext http, DecisionResult result)
    {
        switch (result.Outcome)
        {
            case DecisionOutcome.Decided:
                Versioning.SetETag(http.Response, result.Match!.Version);
                return Results.Ok(MatchResponse.From(result.Match));
            case DecisionOutcome.NotFound:
                return Problems.NotFound("No such match.");
            case DecisionOutcome.Recused:
                return Problems.Forbidden($"The chair is recused from matches in which its own organisation is a party (need country {result.Match!.Country}, pledge donor {result.Match.Donor}); the secretariat decides this one.");
            case DecisionOutcome.OutOfTerm:
                return Problems.Forbidden("Your organisation does not hold the Support Platform chair term in force today (see GET /api/v1/chair); the chair may read proposals but decides them only during its term.");
            case DecisionOutcome.FundProposal:
                return Problems.Forbidden("This proposal is funded by a MIRPS Fund pledge: the fund manager and the secretariat decide it, not the chair.");
            case DecisionOutcome.NotTheFundsProposal:
                return Problems.Forbidden("The fund manager decides only proposals funded by a MIRPS Fund pledge; the chair and the secretariat decide this one.");
            case DecisionOutcome.NotADecider:
                return Problems.Forbidden("Only the chair, the secretariat and the fund manager decide matches.");
            case DecisionOutcome.NotProposed:
                return Problems.Conflict($"Only a proposed match can be decided; this one is {Domain.MatchStatus.Public(result.Match?.Status ?? "unknown")}.");
            case DecisionOutcome.WouldOverAllocate:
                return Problems.Conflict($"Approving this match would over-allocate: {result.Detail} It has been superseded; a new round re-proposes what is feasible.");
            default:
                http.Response.Headers.RetryAfter = "5";
                return Problems.Problem(503, "Service unavailable", $"The approval could not be completed and was rolled back ({result.Detail}). Retry shortly.");
        }
    }
}
