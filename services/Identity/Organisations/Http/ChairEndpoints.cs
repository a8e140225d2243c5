using System.Globalization;
using Marketplace.Identity.Organisations.Domain;
using Marketplace.Identity.Organisations.Persistence;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Identity.Organisations.Http;

/// <summary>
/// <c>GET /api/v1/chair</c> (anyone authenticated, the matching service included) and <c>PUT /api/v1/chair</c>
/// (the secretariat): which donor member holds the Support Platform chair, and when.
/// </summary>
public static class ChairEndpoints
{
    private static readonly IReadOnlySet<string> TermFields = new HashSet<string> { "org", "from", "until" };
    private static readonly IReadOnlySet<string> ServerFields = new HashSet<string> { "active" };

    public static IEndpointRouteBuilder MapChairEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/chair", GetAsync).RequireAuthorization(Policies.Authenticated).WithApi(OrganisationsApi.GetChair());
        app.MapPut("/api/v1/chair", PutAsync).RequireAuthorization(Policies.Secretariat).WithApi(OrganisationsApi.SetChair());
        return app;
    }

    private static async Task<IResult> GetAsync(IOrganisationStore store, TimeProvider clock, CancellationToken ct) =>
        Results.Ok(Response(await store.GetChairTermAsync(ct), clock));

    private static async Task<IResult> PutAsync(HttpContext http, IOrganisationStore store, TimeProvider clock, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;

        var errors = new FieldErrors();
        var fields = new RequestFields(body!, errors);
        fields.RejectUnknown(TermFields, ServerFields);
        var donors = (await store.ListAsync(ct)).Where(o => o.Kind == OrganisationKinds.Donor).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        var org = fields.Code("org", true, donors.Contains, $"a donor member of the Support Platform ({string.Join(", ", donors.Order(StringComparer.Ordinal))})");
        var from = fields.Date("from");
        if (body!["from"] is null) errors.Add("from", "is required");
        var until = fields.Date("until");
        if (from is not null && until is not null && until < from) errors.Add("until", "must not be before from");
        if (errors.Any) return Problems.Validation(errors);

        var term = new ChairTerm(org!, from!.Value, until);
        var previous = await store.GetChairTermAsync(ct);
        var audit = AuditEntry.By(Caller.From(http.User), clock.GetUtcNow(), ChairTermAudit.Action, ChairTermAudit.EntityId,
            ChairTermAudit.Details(term, previous));
        await store.SetChairTermAsync(term, audit, ct);
        return Results.Ok(Response(term, clock));
    }

    private static object Response(ChairTerm? term, TimeProvider clock) => term is null
        ? new { org = (string?)null, active = false }
        : (object)new
        {
            org = term.Org,
            from = Format(term.From),
            until = term.Until is { } until ? Format(until) : null,
            active = term.IsActiveAt(clock.GetUtcNow()),
        };

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
