using System.Globalization;
using Marketplace.Flows.Iati;
using Marketplace.ServiceKit.Http;
using Marketplace.ServiceKit.Iati;
using Marketplace.ServiceKit.OpenApi;
using Marketplace.ServiceKit.Security;

namespace Marketplace.Flows.Http;

/// <summary>
/// <c>GET /api/v1/exports/iati?country=&amp;from=&amp;until=</c> (anyone authenticated): the approved flows as an
/// IATI 2.03 activity file, streamed (API.md "IATI export", docs/flows.md).
/// </summary>
public static class IatiExportEndpoints
{
    public static IEndpointRouteBuilder MapIatiExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/exports/iati", ExportAsync).RequireAuthorization(Policies.Authenticated).WithApi(FlowsApi.IatiExport());
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpRequest request, IatiExport export, TimeProvider clock, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var q = request.Query;
        var country = q["country"].FirstOrDefault();
        if (country is not null && !Marketplace.Contracts.Codelists.IsCountry(country)) errors.Add("country", "must be a MIRPS country code");
        var from = Date(q["from"].FirstOrDefault(), "from", errors);
        var until = Date(q["until"].FirstOrDefault(), "until", errors);
        if (from is not null && until is not null && until < from) errors.Add("until", "must not be before from");
        if (errors.Any) return Problems.Validation(errors);

        IatiOrganisation reporting;
        IReadOnlyList<IatiActivity> activities;
        try
        {
            (reporting, activities) = await export.BuildAsync(country, new IatiPeriod(from, until), ct);
        }
        catch (IatiExportUnavailableException ex)
        {
            return Problems.Problem(503, "Service unavailable", $"The IATI export cannot be built now: {ex.Message}. Retry shortly.");
        }
        if (activities.Count == 0)
        {
            return Problems.NotFound("No approved flow matches this country and period; an IATI file needs at least one activity.");
        }
        var generatedAt = clock.GetUtcNow();
        return Results.Stream(body => IatiActivitiesWriter.WriteAsync(body, reporting, generatedAt, activities, ct), "application/xml");
    }

    private static DateOnly? Date(string? text, string field, FieldErrors errors)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(field, "must be a date (YYYY-MM-DD)");
        return null;
    }
}
