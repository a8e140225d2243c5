using System.Text.Json.Nodes;
using Marketplace.Identity.Organisations.Domain;
using Marketplace.Identity.Organisations.Persistence;
using Marketplace.ServiceKit.Audit;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Identity.Organisations.Http;

/// <summary>
/// <c>GET /api/v1/organisations</c> (anyone authenticated) and <c>PUT /api/v1/organisations/{code}/iati</c>
/// (the secretariat), plus the audit trail of the registry and the chair term.
/// </summary>
public static class OrganisationsEndpoints
{
    private static readonly IReadOnlySet<string> IatiFields = new HashSet<string> { "ref", "type" };
    private static readonly IReadOnlySet<string> NoServerFields = new HashSet<string>();

    public static IEndpointRouteBuilder MapOrganisationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/organisations", ListAsync).RequireAuthorization(Policies.Authenticated).WithApi(OrganisationsApi.List());
        app.MapPut("/api/v1/organisations/{code}/iati", SetIatiAsync).RequireAuthorization(Policies.Secretariat).WithApi(OrganisationsApi.SetIati());
        app.MapGet("/api/v1/audit", AuditAsync).RequireAuthorization(Policies.Authenticated).WithApi(AuditExport.Operation());
        return app;
    }

    private static async Task<IResult> ListAsync(IOrganisationStore store, CancellationToken ct) =>
        Results.Ok(new { items = (await store.ListAsync(ct)).Select(OrganisationResponse.From) });

    private static async Task<IResult> SetIatiAsync(string code, HttpContext http, IOrganisationStore store, TimeProvider clock, CancellationToken ct)
    {
        var current = await store.GetAsync(code, ct);
        if (current is null) return Problems.NotFound($"No organisation with code '{code}'.");
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;

        var errors = new FieldErrors();
        var fields = new RequestFields(body!, errors);
        fields.RejectUnknown(IatiFields, NoServerFields);
        var reference = fields.String("ref", true, 1, 100);
        var type = fields.Code("type", true, IatiIdentifier.OrganisationTypes.Contains,
            $"{string.Join(", ", IatiIdentifier.OrganisationTypes)} (the IATI OrganisationType codelist)");
        if (reference is not null && !IatiIdentifier.IsValidRef(reference))
            errors.Add("ref", "must be an IATI organisation identifier: a registration-agency prefix and an id, e.g. XM-DAC-50");
        if (errors.Any) return Problems.Validation(errors);

        var iati = new IatiIdentifier(reference!, type!);
        var audit = AuditEntry.By(Caller.From(http.User), clock.GetUtcNow(), "organisation.iati-set", EntityIdOf(code), new JsonObject
        {
            ["from"] = new JsonObject { ["ref"] = current.Iati.Ref, ["type"] = current.Iati.Type },
            ["to"] = new JsonObject { ["ref"] = iati.Ref, ["type"] = iati.Type },
        });
        var changed = await store.SetIatiAsync(code, iati, audit, ct);
        return changed is null ? Problems.NotFound($"No organisation with code '{code}'.") : Results.Ok(OrganisationResponse.From(changed));
    }

    /// <summary>The chair and the secretariat read every entry; an organisation reads those of its own registry entry.</summary>
    private static async Task<IResult> AuditAsync(HttpContext http, IOrganisationStore store, CancellationToken ct)
    {
        var entityId = http.Request.Query["entityId"].FirstOrDefault();
        if (string.IsNullOrEmpty(entityId))
        {
            var errors = new FieldErrors();
            errors.Add("entityId", "is required");
            return Problems.Validation(errors);
        }
        var code = entityId.StartsWith("org_", StringComparison.Ordinal) ? entityId["org_".Length..] : null;
        if (entityId != ChairTermAudit.EntityId && (code is null || await store.GetAsync(code, ct) is null))
            return Problems.NotFound($"No organisation or chair term with id '{entityId}'.");
        var caller = Caller.From(http.User);
        if (!caller.IsChairOrSecretariat && caller.Org != code)
            return Problems.Forbidden("This audit trail is readable by the chair, the secretariat and the organisation it describes.");
        return Results.Ok(new { items = await store.ListAuditAsync(entityId, ct) });
    }

    public static string EntityIdOf(string code) => $"org_{code}";
}
