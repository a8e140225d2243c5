using Marketplace.ServiceKit.Export;
using Microsoft.AspNetCore.Http;

namespace Marketplace.ServiceKit.Audit;

/// <summary>The answer of every service's <c>GET /api/v1/audit</c>: the entries as JSON or CSV.</summary>
public static class AuditExport
{
    public static readonly CsvColumns Columns = new("at", "actor", "org", "action", "entityId", "details");

    public static IResult List(ListFormat format, IEnumerable<AuditEntry> entries) =>
        ListResults.Items(format, Columns, "audit", entries, e => e);
}
