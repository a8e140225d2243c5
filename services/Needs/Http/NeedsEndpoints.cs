using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Needs.Contracts;
using Marketplace.Needs.Domain;
using Marketplace.Needs.Persistence;
using Marketplace.Needs.Telemetry;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Needs.Http;

/// <summary><c>/api/v1/needs</c>: member states publish and edit their own country's needs; everyone reads.</summary>
public static class NeedsEndpoints
{
    public static IEndpointRouteBuilder MapNeedsEndpoints(this IEndpointRouteBuilder app)
    {
        var needs = app.MapGroup("/api/v1/needs");
        needs.MapPost("", CreateAsync).RequireAuthorization(Policies.State).WithApi(NeedsApi.Create());
        needs.MapGet("", ListAsync).RequireAuthorization(Policies.Authenticated).WithApi(NeedsApi.List());
        needs.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Authenticated).WithApi(NeedsApi.Get());
        needs.MapPatch("/{id}", PatchAsync).RequireAuthorization(Policies.State).WithApi(NeedsApi.Patch());
        needs.MapPost("/{id}/withdraw", WithdrawAsync).RequireAuthorization(Policies.State).WithApi(NeedsApi.Withdraw());
        // The need's own state or the secretariat; which one is checked against the need itself.
        needs.MapPost("/{id}/refer", ReferAsync).RequireAuthorization(Policies.Authenticated).WithApi(NeedsApi.Refer());
        app.MapGet("/api/v1/audit", AuditAsync).RequireAuthorization(Policies.Authenticated).WithApi(AuditExport.Operation());
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, INeedStore store, TimeProvider clock, NeedsMetrics metrics, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        var draft = NeedRequest.Validate(body!, errors);
        if (draft is null) return Problems.Validation(errors);
        var caller = Caller.From(http.User);
        if (draft.Country != caller.Org) return Problems.Forbidden($"A member state may publish needs for its own country ({caller.Org}) only.");

        var now = clock.GetUtcNow();
        var need = new Need(Ids.New("need"), draft, 0, false, now, now, 1);
        var audit = AuditEntry.By(caller, now, "need.created", need.Id, NeedRequest.ToJson(draft));
        await store.InsertAsync(new NeedChange(need, new NeedPublished(need.ToSnapshot()), audit), ct);
        metrics.Published(draft);
        return Created(http, need);
    }

    private static IResult ListAsync(HttpRequest request, INeedStore store, IFlowTotals flows)
    {
        var errors = new FieldErrors();
        var q = request.Query;
        var country = q["country"].FirstOrDefault();
        var sector = q["sector"].FirstOrDefault();
        var status = q["status"].FirstOrDefault();
        if (country is not null && !Codelists.IsCountry(country)) errors.Add("country", "must be a MIRPS country code");
        if (sector is not null && !Codelists.IsSector(sector)) errors.Add("sector", "must be a sector code");
        if (status is not null && Codelists.NeedStatuses.All(s => s.Code != status)) errors.Add("status", "must be a need status");
        var (pageSize, after) = PageToken.Read(q["pageSize"].FirstOrDefault(), q["pageToken"].FirstOrDefault(), errors);
        var format = ListFormats.Read(request, errors);
        if (errors.Any) return Problems.Validation(errors);
        var filter = new NeedFilter(country, sector, status);
        return ListResults.Paged(format, NeedResponse.CsvColumns, "needs", pageSize, after,
            flows.WithTrails((size, cursor, token) => store.ListAsync(filter, size, cursor, token), x => x.Id),
            x => NeedResponse.From(x.Item, x.Trail));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, INeedStore store, IFlowTotals flows, CancellationToken ct)
    {
        var need = await store.GetAsync(id, ct);
        if (need is null) return Problems.NotFound($"No need with id '{id}'.");
        Versioning.SetETag(http.Response, need.Version);
        return Results.Ok(NeedResponse.From(need, await flows.OfAsync(need.Id, ct)));
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext http, INeedStore store, TimeProvider clock, IFlowTotals flows, CancellationToken ct)
    {
        var need = await store.GetAsync(id, ct);
        if (need is null) return Problems.NotFound($"No need with id '{id}'.");
        var caller = Caller.From(http.User);
        if (need.Fields.Country != caller.Org) return Problems.Forbidden("Only the member state that published a need may edit it.");
        var (_, preconditionError) = Versioning.ReadIfMatch(http.Request, need.Version);
        if (preconditionError is not null) return preconditionError;
        var (patch, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;

        var errors = new FieldErrors();
        new RequestFields(patch!, errors).RejectUnknown(NeedRequest.Fields, NeedRequest.ServerOwned);
        if (errors.Any) return Problems.Validation(errors);
        var before = NeedRequest.ToJson(need.Fields);
        var draft = NeedRequest.Validate(MergePatch.Apply(before, patch!), errors);
        if (draft is null) return Problems.Validation(errors);
        if (draft.Country != caller.Org) return Problems.Forbidden($"A member state may publish needs for its own country ({caller.Org}) only.");
        if (need.Withdrawn) return Problems.Conflict("A withdrawn need cannot be edited.");
        if (draft.Amount.Currency != need.Fields.Amount.Currency && need.FundedMinor > 0)
            return Problems.Conflict("The currency of a need that has received funding cannot change.");
        if (draft.Amount.Currency == need.Fields.Amount.Currency && draft.Amount.Minor < need.FundedMinor)
            return Problems.Conflict($"amount cannot be lower than what is already funded ({need.Funded.AmountString} {need.Funded.Currency}).");

        var now = clock.GetUtcNow();
        var updated = need with { Fields = draft, UpdatedAt = now, Version = need.Version + 1 };
        var changes = MergePatch.Diff(before, NeedRequest.ToJson(draft));
        var audit = AuditEntry.By(caller, now, "need.updated", id, new JsonObject { ["changes"] = changes });
        if (!await store.ReplaceAsync(new NeedChange(updated, new NeedUpdated(updated.ToSnapshot()), audit), need.Version, ct))
        {
            return Problems.PreconditionFailed((await store.GetAsync(id, ct))?.Version ?? need.Version);
        }
        Versioning.SetETag(http.Response, updated.Version);
        return Results.Ok(NeedResponse.From(updated, await flows.OfAsync(updated.Id, ct)));
    }

    private static async Task<IResult> WithdrawAsync(string id, HttpContext http, INeedStore store, TimeProvider clock, IFlowTotals flows, CancellationToken ct)
    {
        var need = await store.GetAsync(id, ct);
        if (need is null) return Problems.NotFound($"No need with id '{id}'.");
        var caller = Caller.From(http.User);
        if (need.Fields.Country != caller.Org) return Problems.Forbidden("Only the member state that published a need may withdraw it.");
        if (need.Status is NeedStatus.Withdrawn or NeedStatus.Funded)
            return Problems.Conflict($"A need that is {need.Status} cannot be withdrawn.");

        var now = clock.GetUtcNow();
        // A withdrawn need leaves the MIRPS Fund's portfolio with it.
        var withdrawn = need with { Withdrawn = true, Referral = null, UpdatedAt = now, Version = need.Version + 1 };
        var audit = AuditEntry.By(caller, now, "need.withdrawn", id, new JsonObject
        {
            ["previousStatus"] = need.Status,
            ["referral"] = need.ActiveReferral is { } r ? ReferralRules.Details(r) : null,
        });
        if (!await store.ReplaceAsync(new NeedChange(withdrawn, new NeedWithdrawn(withdrawn.ToSnapshot()), audit), need.Version, ct))
        {
            return Problems.Conflict("The need changed while it was being withdrawn; read it again and retry.");
        }
        Versioning.SetETag(http.Response, withdrawn.Version);
        return Results.Ok(NeedResponse.From(withdrawn, await flows.OfAsync(withdrawn.Id, ct)));
    }

    private static async Task<IResult> ReferAsync(string id, HttpContext http, INeedStore store, TimeProvider clock, IFlowTotals flows, CancellationToken ct)
    {
        var need = await store.GetAsync(id, ct);
        if (need is null) return Problems.NotFound($"No need with id '{id}'.");
        var caller = Caller.From(http.User);
        if (!ReferralRules.MayRefer(caller, need))
            return Problems.Forbidden("Only the need's member state or the secretariat may refer it to the MIRPS Fund.");
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        var reason = ReferralRules.ValidateReason(body!, errors);
        if (errors.Any) return Problems.Validation(errors);
        if (ReferralRules.Conflict(need) is { } conflict) return Problems.Conflict(conflict);

        var now = clock.GetUtcNow();
        var referral = new NeedReferral(now, reason!, caller.Subject);
        var referred = ReferralRules.Refer(need, referral, now);
        var audit = AuditEntry.By(caller, now, "need.referred", id, ReferralRules.Details(referral));
        if (!await store.ReplaceAsync(new NeedChange(referred, new NeedReferred(referred.ToSnapshot()), audit), need.Version, ct))
        {
            return Problems.Conflict("The need changed while it was being referred; read it again and retry.");
        }
        Versioning.SetETag(http.Response, referred.Version);
        return Results.Ok(NeedResponse.From(referred, await flows.OfAsync(referred.Id, ct)));
    }

    private static async Task<IResult> AuditAsync(HttpContext http, INeedStore store, CancellationToken ct)
    {
        var entityId = http.Request.Query["entityId"].FirstOrDefault();
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(entityId)) errors.Add("entityId", "is required");
        var format = ListFormats.Read(http.Request, errors);
        if (errors.Any) return Problems.Validation(errors);
        var need = await store.GetAsync(entityId!, ct);
        if (need is null) return Problems.NotFound($"No need with id '{entityId}'.");
        var caller = Caller.From(http.User);
        if (!caller.IsChairOrSecretariat && caller.Org != need.Fields.Country)
            return Problems.Forbidden("The audit trail of a need is readable by its member state, the chair and the secretariat.");
        return AuditExport.List(format, await store.ListAuditAsync(entityId!, ct));
    }

    private static IResult Created(HttpContext http, Need need)
    {
        Versioning.SetETag(http.Response, need.Version);
        return Results.Created($"/api/v1/needs/{need.Id}", NeedResponse.From(need, TrailTotals.None));
    }
}
