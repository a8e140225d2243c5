using System.Globalization;
using System.Text.Json.Nodes;
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

/// <summary><c>/api/v1/fx-rates</c>: everyone reads the table; the secretariat keeps it current.</summary>
public static class FxRatesEndpoints
{
    private static readonly IReadOnlySet<string> Fields = new HashSet<string> { "usdPerUnit", "asOf", "source" };
    private static readonly IReadOnlySet<string> ServerOwned = new HashSet<string> { "currency", "version" };

    public static IEndpointRouteBuilder MapFxRatesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/fx-rates", ListAsync).RequireAuthorization(Policies.Authenticated).WithApi(MatchingApi.ListFxRates());
        app.MapPut("/api/v1/fx-rates/{currency}", PutAsync).RequireAuthorization(Policies.Secretariat).WithApi(MatchingApi.PutFxRate());
        return app;
    }

    private static readonly CsvColumns CsvColumns = new("currency", "usdPerUnit", "asOf", "source", "minorUnits", "version");

    private static async Task<IResult> ListAsync(HttpRequest request, IMatchingStore store, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var format = ListFormats.Read(request, errors);
        if (errors.Any) return Problems.Validation(errors);
        return ListResults.Items(format, CsvColumns, "fx-rates", await store.ListFxRatesAsync(ct), Response);
    }

    private static async Task<IResult> PutAsync(string currency, HttpContext http, IMatchingStore store, MatchingScheduler scheduler,
        TimeProvider clock, CancellationToken ct)
    {
        var current = (await store.ListFxRatesAsync(ct)).FirstOrDefault(r => r.Currency == currency);
        if (current is null) return Problems.NotFound($"'{currency}' is not a currency the platform accepts.");
        if (currency == "USD") return Problems.Conflict("USD is the base currency; its rate is always 1.");
        if (http.Request.Headers.IfMatch.Count > 0)
        {
            var (_, precondition) = Versioning.ReadIfMatch(http.Request, current.Version);
            if (precondition is not null) return precondition;
        }
        var (body, error) = await JsonBody.ReadObjectAsync(http.Request, ct);
        if (error is not null) return error;

        var errors = new FieldErrors();
        var fields = new RequestFields(body!, errors);
        fields.RejectUnknown(Fields, ServerOwned);
        var rateText = fields.String("usdPerUnit", true, 1, 40);
        var asOf = fields.Date("asOf");
        var source = fields.String("source", true, 1, 200);
        if (!body!.ContainsKey("asOf")) errors.Add("asOf", "is required");
        decimal rate = 0;
        if (rateText is not null && (!decimal.TryParse(rateText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out rate)
            || rate <= 0 || rate > 1_000_000m || rate.Scale > 12))
        {
            errors.Add("usdPerUnit", "must be a positive decimal string with at most 12 decimals, such as \"1.0850\"");
        }
        if (errors.Any) return Problems.Validation(errors);

        var caller = Caller.From(http.User);
        var updated = new FxRate(currency, rate, asOf!.Value, source!, current.Version + 1);
        var audit = new AuditEntry(clock.GetUtcNow(), caller.Subject, caller.Org, "fx-rate.updated", $"fx_{currency}", new JsonObject
        {
            ["from"] = current.UsdPerUnit.ToString(CultureInfo.InvariantCulture),
            ["to"] = rate.ToString(CultureInfo.InvariantCulture),
            ["asOf"] = updated.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["source"] = updated.Source,
        });
        if (!await store.PutFxRateAsync(updated, current.Version, audit, ct)) return Problems.PreconditionFailed(current.Version);
        scheduler.RequestRound();
        Versioning.SetETag(http.Response, updated.Version);
        return Results.Ok(Response(updated));
    }

    public static object Response(FxRate r) => new
    {
        currency = r.Currency,
        usdPerUnit = r.UsdPerUnit.ToString(CultureInfo.InvariantCulture),
        asOf = r.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        source = r.Source,
        minorUnits = Currencies.MinorUnitsOf(r.Currency),
        version = r.Version,
    };
}
