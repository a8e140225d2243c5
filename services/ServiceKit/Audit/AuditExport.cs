using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.ServiceKit.Export;
using Marketplace.ServiceKit.OpenApi;
using Microsoft.AspNetCore.Http;

namespace Marketplace.ServiceKit.Audit;

/// <summary>The answer of every service's <c>GET /api/v1/audit</c>: the entries as JSON or CSV.</summary>
public static class AuditExport
{
    public static readonly CsvColumns Columns = new("at", "actor", "org", "action", "entityId", "details");

    public static readonly ApiSchema Schema = ApiSchema.FromExample("AuditEntry",
        "Who did what to which entity, when, and what changed.",
        JsonSerializer.SerializeToNode(new AuditEntry(new DateTimeOffset(2026, 11, 27, 15, 4, 5, TimeSpan.Zero), "state-gt", "GT",
            "need.updated", "need_01jdx3k8s2", new JsonObject { ["changes"] = new JsonObject { ["priority"] = "critical" } }),
            JsonSerializerOptions.Web)!.AsObject());

    /// <summary>The document of <c>GET /api/v1/audit</c>; every service that keeps a trail serves the same operation.</summary>
    public static ApiOperation Operation() =>
        new ApiOperation("listAuditEntries", "Audit", "The audit trail of one need, pledge, match or FX rate")
            .Describe("The gateway routes by the id's prefix (need_, pledge_, match_, fx_). Chair and secretariat read every trail; " +
                "others the trails of their own needs and pledges and of the matches that involve them.")
            .Query("entityId", "The id whose trail to read.", required: true)
            .ReturnsItems(Schema, "The entries, oldest first.")
            .Fails(400, 404);

    public static IResult List(ListFormat format, IEnumerable<AuditEntry> entries) =>
        ListResults.Items(format, Columns, "audit", entries, e => e);
}
