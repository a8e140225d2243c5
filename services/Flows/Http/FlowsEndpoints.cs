using System.Text.Json.Nodes;
using Marketplace.Flows.Contracts;
using Marketplace.Flows.Domain;
using Marketplace.Flows.Persistence;
using Marketplace.Flows.Releases;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Flows.Http;

/// <summary>
/// <c>/api/v1/flows</c>: the money trail of approved matches. Donors commit and disburse, the member
/// state confirms receipts, the donor or the secretariat cancels; everyone reads. Each step is decided by
/// <see cref="FlowRules"/> on the flow as read and written only if the flow is still at that version;
/// otherwise it is decided again on the current flow, so concurrent disbursements can never pass the
/// commitment and nothing is written for a refused step.
/// </summary>
public static class FlowsEndpoints
{
    /// <summary>Each lost race means another step was written; beyond this many, the caller is asked to retry.</summary>
    private const int MaxAttempts = 100;

    public static IEndpointRouteBuilder MapFlowsEndpoints(this IEndpointRouteBuilder app)
    {
        var flows = app.MapGroup("/api/v1/flows").RequireAuthorization(Policies.Authenticated);
        flows.MapGet("", ListAsync).WithApi(FlowsApi.List());
        flows.MapGet("/{id}", GetAsync).WithApi(FlowsApi.Get());
        flows.MapGet("/{id}/disbursements/{disbursementId}", GetDisbursementAsync).WithApi(FlowsApi.GetDisbursement());
        flows.MapPost("/{id}/commitment", CommitAsync).WithApi(FlowsApi.Commit());
        flows.MapPost("/{id}/disbursements", DisburseAsync).WithApi(FlowsApi.Disburse());
        flows.MapPost("/{id}/disbursements/{disbursementId}/receipt", ReceiveAsync).WithApi(FlowsApi.Receive());
        flows.MapPost("/{id}/cancel", CancelAsync).WithApi(FlowsApi.Cancel());
        app.MapGet("/api/v1/audit", AuditAsync).RequireAuthorization(Policies.Authenticated).WithApi(AuditExport.Operation());
        return app;
    }

    private static IResult ListAsync(HttpRequest request, IFlowStore store)
    {
        var errors = new FieldErrors();
        var q = request.Query;
        var country = q["country"].FirstOrDefault();
        var status = q["status"].FirstOrDefault();
        if (country is not null && !Marketplace.Contracts.Codelists.IsCountry(country)) errors.Add("country", "must be a MIRPS country code");
        if (status is not null && !FlowStatus.All.Contains(status)) errors.Add("status", $"must be one of {string.Join(' ', FlowStatus.All)}");
        var (pageSize, after) = PageToken.Read(q["pageSize"].FirstOrDefault(), q["pageToken"].FirstOrDefault(), errors);
        var format = ListFormats.Read(request, errors);
        if (errors.Any) return Problems.Validation(errors);
        var filter = new FlowFilter(country, q["donor"].FirstOrDefault(), status, q["needId"].FirstOrDefault(), q["pledgeId"].FirstOrDefault());
        return ListResults.Paged(format, FlowResponse.CsvColumns, "flows", pageSize, after,
            (size, cursor, token) => store.ListAsync(filter, size, cursor, token), FlowResponse.From);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IFlowStore store, CancellationToken ct)
    {
        var flow = await store.GetAsync(id, ct);
        if (flow is null) return NoFlow(id);
        return Ok(http, flow);
    }

    private static async Task<IResult> GetDisbursementAsync(string id, string disbursementId, IFlowStore store, CancellationToken ct)
    {
        var flow = await store.GetAsync(id, ct);
        if (flow is null) return NoFlow(id);
        var disbursement = flow.Disbursements.FirstOrDefault(d => d.Id == disbursementId);
        return disbursement is null
            ? Problems.NotFound($"Flow '{id}' has no disbursement '{disbursementId}'.")
            : Results.Ok(FlowResponse.Disbursement(flow, disbursement));
    }

    private static async Task<IResult> CommitAsync(string id, HttpContext http, IFlowStore store, TimeProvider clock, CancellationToken ct)
    {
        var flow = await store.GetAsync(id, ct);
        if (flow is null) return NoFlow(id);
        var caller = Caller.From(http.User);
        if (!caller.IsDonorOf(flow)) return Problems.Forbidden(DonorOnly(flow, "commit"));
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        var request = FlowRequests.Commitment(body!, flow.Approved.Currency, errors);
        if (request is null) return Problems.Validation(errors);

        var (after, failure) = await StepAsync(store, flow, current =>
        {
            var now = clock.GetUtcNow();
            var outcome = FlowRules.Commit(current, request.SignedOn, request.Reference, request.Amount, caller.Subject, now);
            return (outcome, next => new FlowChange(next, new FlowCommitted(next.ToSnapshot(), request.SignedOn, request.Reference),
                Audit(caller, now, "flow.committed", next, new JsonObject
                {
                    ["signedOn"] = request.SignedOn.ToString("yyyy-MM-dd"),
                    ["reference"] = request.Reference,
                    ["amount"] = MoneyJson.From(next.Committed),
                })));
        }, ct);
        return failure ?? Ok(http, after!);
    }

    private static async Task<IResult> DisburseAsync(string id, HttpContext http, IFlowStore store, TimeProvider clock, CancellationToken ct)
    {
        var flow = await store.GetAsync(id, ct);
        if (flow is null) return NoFlow(id);
        var caller = Caller.From(http.User);
        if (!caller.IsDonorOf(flow)) return Problems.Forbidden(DonorOnly(flow, "disburse"));
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        var request = FlowRequests.Disbursement(body!, flow.Approved.Currency, errors);
        if (request is null) return Problems.Validation(errors);

        var disbursementId = Ids.New("disb");
        var (after, failure) = await StepAsync(store, flow, current =>
        {
            var now = clock.GetUtcNow();
            var outcome = FlowRules.Disburse(current, disbursementId, request.Date, request.Amount, request.Reference, caller.Subject, now);
            return (outcome, next => new FlowChange(next,
                new DisbursementRecorded(next.ToSnapshot(), disbursementId, request.Date, request.Amount.Amount, request.Reference),
                Audit(caller, now, "flow.disbursed", next, new JsonObject
                {
                    ["disbursementId"] = disbursementId,
                    ["date"] = request.Date.ToString("yyyy-MM-dd"),
                    ["amount"] = MoneyJson.From(request.Amount),
                    ["reference"] = request.Reference,
                    ["disbursed"] = MoneyJson.From(next.Disbursed),
                })));
        }, ct);
        if (failure is not null) return failure;
        Versioning.SetETag(http.Response, after!.Version);
        return Results.Created($"/api/v1/flows/{id}/disbursements/{disbursementId}",
            FlowResponse.Disbursement(after, after.Disbursements.Single(d => d.Id == disbursementId)));
    }

    private static async Task<IResult> ReceiveAsync(string id, string disbursementId, HttpContext http, IFlowStore store, TimeProvider clock,
        CancellationToken ct)
    {
        var flow = await store.GetAsync(id, ct);
        if (flow is null) return NoFlow(id);
        var caller = Caller.From(http.User);
        if (!caller.IsRecipientOf(flow))
        {
            return Problems.Forbidden($"Only the member state of the need ({flow.Country}) confirms the receipt of a disbursement.");
        }
        if (flow.Disbursements.All(d => d.Id != disbursementId))
        {
            return Problems.NotFound($"Flow '{id}' has no disbursement '{disbursementId}'.");
        }
        var (after, failure) = await StepAsync(store, flow, current =>
        {
            var now = clock.GetUtcNow();
            var outcome = FlowRules.Receive(current, disbursementId, caller.Subject, now)!;
            return (outcome, next => new FlowChange(next, new DisbursementReceived(next.ToSnapshot(), disbursementId, now),
                Audit(caller, now, "flow.receipt-confirmed", next, new JsonObject { ["disbursementId"] = disbursementId })));
        }, ct);
        return failure ?? Ok(http, after!);
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext http, IFlowStore store, FlowReleaser releaser, TimeProvider clock,
        CancellationToken ct)
    {
        var flow = await store.GetAsync(id, ct);
        if (flow is null) return NoFlow(id);
        var caller = Caller.From(http.User);
        if (!caller.MayCancel(flow)) return Problems.Forbidden(DonorOnly(flow, "cancel") + " The secretariat may cancel any flow.");
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        var reason = FlowRequests.CancelReason(body!, errors);
        if (reason is null) return Problems.Validation(errors);

        var (after, failure) = await StepAsync(store, flow, current =>
        {
            var now = clock.GetUtcNow();
            var outcome = FlowRules.Cancel(current, reason, caller.Subject, caller.Org, now);
            return (outcome, next => new FlowChange(next, new FlowCancelled(next.ToSnapshot(), reason, caller.Subject, caller.Org),
                Audit(caller, now, "flow.cancelled", next, new JsonObject
                {
                    ["reason"] = reason,
                    ["previousStatus"] = current.Status,
                    ["released"] = MoneyJson.From(next.Cancellation!.Released),
                    ["needReleased"] = MoneyJson.From(next.Cancellation.NeedReleased),
                })));
        }, ct);
        if (failure is not null) return failure;
        // The release is retried in the background if a service is unreachable now; the flow says so (releasedAt null).
        var released = await releaser.TryReleaseAsync(after!, caller, ct);
        return Ok(http, released ?? after!);
    }

    private static async Task<IResult> AuditAsync(HttpContext http, IFlowStore store, CancellationToken ct)
    {
        var entityId = http.Request.Query["entityId"].FirstOrDefault();
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(entityId)) errors.Add("entityId", "is required");
        var format = ListFormats.Read(http.Request, errors);
        if (errors.Any) return Problems.Validation(errors);
        var flow = await store.GetAsync(entityId!, ct);
        if (flow is null) return NoFlow(entityId!);
        if (!Caller.From(http.User).MayReadAuditOf(flow))
        {
            return Problems.Forbidden("The audit trail of a flow is readable by its donor, its member state, the chair and the secretariat.");
        }
        return AuditExport.List(format, await store.ListAuditAsync(entityId!, ct));
    }

    /// <summary>
    /// Decides a step on the flow and writes it if the flow is still at the version decided on; on a lost
    /// race, reads the flow again and decides again. Returns the flow after the step, or the error to send.
    /// </summary>
    private static async Task<(Flow? Flow, IResult? Error)> StepAsync(IFlowStore store, Flow flow,
        Func<Flow, (FlowOutcome Outcome, Func<Flow, FlowChange> Change)> decide, CancellationToken ct)
    {
        var current = flow;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (outcome, change) = decide(current);
            if (outcome.Conflict is not null) return (null, Problems.Conflict(outcome.Conflict));
            if (!outcome.Changed) return (outcome.Flow, null);
            if (await store.ReplaceAsync(change(outcome.Flow!), current.Version, ct)) return (outcome.Flow, null);
            current = await store.GetAsync(flow.Id, ct) ?? current;
        }
        return (null, Problems.Conflict("The flow kept changing while this step was decided; retry it."));
    }

    private static AuditEntry Audit(Caller caller, DateTimeOffset at, string action, Flow flow, JsonObject details)
    {
        details["status"] = flow.Status;
        return AuditEntry.By(caller, at, action, flow.Id, details);
    }

    private static IResult Ok(HttpContext http, Flow flow)
    {
        Versioning.SetETag(http.Response, flow.Version);
        return Results.Ok(FlowResponse.From(flow));
    }

    private static IResult NoFlow(string id) => Problems.NotFound($"No flow with id '{id}'.");

    private static string DonorOnly(Flow flow, string verb) => flow.Donor == Flow.FundDonor
        ? $"Only the fund manager may {verb} a flow of the MIRPS Fund."
        : $"Only the flow's donor ({flow.Donor}) may {verb} it.";
}
