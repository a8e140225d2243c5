using System.Text.Json.Nodes;
using Marketplace.Contracts;
using Marketplace.Pledges.Contracts;
using Marketplace.Pledges.Domain;
using Marketplace.Pledges.Persistence;
using Marketplace.Pledges.Telemetry;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.FlowTotals;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Pledges.Http;

/// <summary><c>/api/v1/pledges</c>: donors post and edit their own pledges; everyone reads.</summary>
public static class PledgesEndpoints
{
    public static IEndpointRouteBuilder MapPledgesEndpoints(this IEndpointRouteBuilder app)
    {
        var pledges = app.MapGroup("/api/v1/pledges");
        pledges.MapPost("", CreateAsync).RequireAuthorization(Policies.Pledger).WithApi(PledgesApi.Create());
        pledges.MapGet("", ListAsync).RequireAuthorization(Policies.Authenticated).WithApi(PledgesApi.List());
        pledges.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Authenticated).WithApi(PledgesApi.Get());
        pledges.MapPatch("/{id}", PatchAsync).RequireAuthorization(Policies.Pledger).WithApi(PledgesApi.Patch());
        pledges.MapPost("/{id}/withdraw", WithdrawAsync).RequireAuthorization(Policies.Pledger).WithApi(PledgesApi.Withdraw());
        app.MapGet("/api/v1/audit", AuditAsync).RequireAuthorization(Policies.Authenticated).WithApi(AuditExport.Operation());
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IPledgeStore store, TimeProvider clock, PledgesMetrics metrics, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;
        var errors = new FieldErrors();
        var draft = PledgeRequest.Validate(body!, errors);
        if (draft is null) return Problems.Validation(errors);
        var caller = Caller.From(http.User);
        // The fund manager posts the MIRPS Fund's pledges (donor MIRPS-FUND); a donor its own organisation's.
        if (caller.Role == Roles.FundManager ? caller.Org != Codelists.Fund : !Codelists.IsDonor(caller.Org))
            return Problems.Forbidden($"'{caller.Org}' is not a Support Platform donor organisation or the MIRPS Fund.");

        var now = clock.GetUtcNow();
        var pledge = new Pledge(Ids.New("pledge"), caller.Org, draft, 0, false, now, now, 1);
        var audit = AuditEntry.By(caller, now, "pledge.created", pledge.Id, PledgeRequest.ToJson(draft));
        await store.InsertAsync(new PledgeChange(pledge, new PledgePosted(pledge.ToSnapshot()), audit), ct);
        metrics.Posted(pledge);
        Versioning.SetETag(http.Response, pledge.Version);
        return Results.Created($"/api/v1/pledges/{pledge.Id}", PledgeResponse.From(pledge, TrailTotals.None));
    }

    private static IResult ListAsync(HttpRequest request, IPledgeStore store, IFlowTotals flows)
    {
        var errors = new FieldErrors();
        var q = request.Query;
        var filter = new PledgeFilter(q["donor"].FirstOrDefault(), q["country"].FirstOrDefault(), q["sector"].FirstOrDefault(),
            q["instrument"].FirstOrDefault(), q["status"].FirstOrDefault());
        if (filter.Donor is not null && !Codelists.IsPledger(filter.Donor)) errors.Add("donor", "must be a donor organisation code or MIRPS-FUND");
        if (filter.Country is not null && !Codelists.IsCountry(filter.Country)) errors.Add("country", "must be a MIRPS country code");
        if (filter.Sector is not null && !Codelists.IsSector(filter.Sector)) errors.Add("sector", "must be a sector code");
        if (filter.Instrument is not null && !Codelists.IsInstrument(filter.Instrument)) errors.Add("instrument", "must be an instrument code");
        if (filter.Status is not null && Codelists.PledgeStatuses.All(s => s.Code != filter.Status)) errors.Add("status", "must be a pledge status");
        var (pageSize, after) = PageToken.Read(q["pageSize"].FirstOrDefault(), q["pageToken"].FirstOrDefault(), errors);
        var format = ListFormats.Read(request, errors);
        if (errors.Any) return Problems.Validation(errors);
        return ListResults.Paged(format, PledgeResponse.CsvColumns, "pledges", pageSize, after,
            flows.WithTrails((size, cursor, token) => store.ListAsync(filter, size, cursor, token), x => x.Id),
            x => PledgeResponse.From(x.Item, x.Trail));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IPledgeStore store, IFlowTotals flows, CancellationToken ct)
    {
        var pledge = await store.GetAsync(id, ct);
        if (pledge is null) return Problems.NotFound($"No pledge with id '{id}'.");
        Versioning.SetETag(http.Response, pledge.Version);
        return Results.Ok(PledgeResponse.From(pledge, await flows.OfAsync(pledge.Id, ct)));
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext http, IPledgeStore store, TimeProvider clock, IFlowTotals flows, CancellationToken ct)
    {
        var pledge = await store.GetAsync(id, ct);
        if (pledge is null) return Problems.NotFound($"No pledge with id '{id}'.");
        var caller = Caller.From(http.User);
        if (pledge.Donor != caller.Org) return Problems.Forbidden("Only the donor that posted a pledge may edit it.");
        var (_, preconditionError) = Versioning.ReadIfMatch(http.Request, pledge.Version);
        if (preconditionError is not null) return preconditionError;
        var (patch, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;

        var errors = new FieldErrors();
        new RequestFields(patch!, errors).RejectUnknown(PledgeRequest.Fields, PledgeRequest.ServerOwned);
        if (errors.Any) return Problems.Validation(errors);
        var before = PledgeRequest.ToJson(pledge.Fields);
        var draft = PledgeRequest.Validate(MergePatch.Apply(before, patch!), errors);
        if (draft is null) return Problems.Validation(errors);
        if (pledge.Withdrawn) return Problems.Conflict("A withdrawn pledge cannot be edited.");
        if (draft.Amount.Currency != pledge.Fields.Amount.Currency && pledge.AllocatedMinor > 0)
            return Problems.Conflict("The currency of a pledge that has allocations cannot change.");
        if (draft.Amount.Currency == pledge.Fields.Amount.Currency && draft.Amount.Minor < pledge.AllocatedMinor)
            return Problems.Conflict($"amount cannot be lower than what is already allocated ({pledge.Allocated.AmountString} {pledge.Allocated.Currency}).");

        var now = clock.GetUtcNow();
        var updated = pledge with { Fields = draft, UpdatedAt = now, Version = pledge.Version + 1 };
        var changes = MergePatch.Diff(before, PledgeRequest.ToJson(draft));
        var audit = AuditEntry.By(caller, now, "pledge.updated", id, new JsonObject { ["changes"] = changes });
        if (!await store.ReplaceAsync(new PledgeChange(updated, new PledgeUpdated(updated.ToSnapshot()), audit), pledge.Version, ct))
        {
            return Problems.PreconditionFailed((await store.GetAsync(id, ct))?.Version ?? pledge.Version);
        }
        Versioning.SetETag(http.Response, updated.Version);
        return Results.Ok(PledgeResponse.From(updated, await flows.OfAsync(updated.Id, ct)));
    }

    private static async Task<IResult> WithdrawAsync(string id, HttpContext http, IPledgeStore store, TimeProvider clock, IFlowTotals flows, CancellationToken ct)
    {
        var pledge = await store.GetAsync(id, ct);
        if (pledge is null) return Problems.NotFound($"No pledge with id '{id}'.");
        var caller = Caller.From(http.User);
        if (pledge.Donor != caller.Org) return Problems.Forbidden("Only the donor that posted a pledge may withdraw it.");
        if (pledge.Status is PledgeStatus.Withdrawn or PledgeStatus.FullyAllocated)
            return Problems.Conflict($"A pledge that is {pledge.Status} cannot be withdrawn.");

        var now = clock.GetUtcNow();
        var withdrawn = pledge with { Withdrawn = true, UpdatedAt = now, Version = pledge.Version + 1 };
        var audit = AuditEntry.By(caller, now, "pledge.withdrawn", id, new JsonObject { ["previousStatus"] = pledge.Status });
        if (!await store.ReplaceAsync(new PledgeChange(withdrawn, new PledgeWithdrawn(withdrawn.ToSnapshot()), audit), pledge.Version, ct))
        {
            return Problems.Conflict("The pledge changed while it was being withdrawn; read it again and retry.");
        }
        Versioning.SetETag(http.Response, withdrawn.Version);
        return Results.Ok(PledgeResponse.From(withdrawn, await flows.OfAsync(withdrawn.Id, ct)));
    }

    private static async Task<IResult> AuditAsync(HttpContext http, IPledgeStore store, CancellationToken ct)
    {
        var entityId = http.Request.Query["entityId"].FirstOrDefault();
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(entityId)) errors.Add("entityId", "is required");
        var format = ListFormats.Read(http.Request, errors);
        if (errors.Any) return Problems.Validation(errors);
        var pledge = await store.GetAsync(entityId!, ct);
        if (pledge is null) return Problems.NotFound($"No pledge with id '{entityId}'.");
        var caller = Caller.From(http.User);
        if (!caller.IsChairOrSecretariat && caller.Org != pledge.Donor)
            return Problems.Forbidden("The audit trail of a pledge is readable by its donor, the chair and the secretariat.");
        return AuditExport.List(format, await store.ListAuditAsync(entityId!, ct));
    }
}
